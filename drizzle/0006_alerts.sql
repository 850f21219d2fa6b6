CREATE TYPE "public"."alert_condition" AS ENUM('late', 'failing');--> statement-breakpoint
CREATE TYPE "public"."alert_email_preference" AS ENUM('in_app', 'email', 'digest');--> statement-breakpoint
CREATE TYPE "public"."alert_event_kind" AS ENUM('opened', 'reopened', 'acknowledged', 'snoozed', 'clients_notified', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."alert_state" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."cadence_kind" AS ENUM('interval', 'cron');--> statement-breakpoint
ALTER TYPE "public"."notification_type" ADD VALUE 'alert_opened';--> statement-breakpoint
ALTER TYPE "public"."notification_type" ADD VALUE 'alert_escalated';--> statement-breakpoint
ALTER TYPE "public"."notification_type" ADD VALUE 'alert_resolved';--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" "alert_event_kind" NOT NULL,
	"actor_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"condition" "alert_condition" NOT NULL,
	"state" "alert_state" DEFAULT 'open' NOT NULL,
	"summary" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_id" uuid,
	"acknowledge_note" text,
	"snoozed_until" timestamp with time zone,
	"clients_notified_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dev_mailbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_expectations" (
	"workflow_id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"cadence_kind" "cadence_kind",
	"interval_minutes" integer,
	"cron_expression" text,
	"time_zone" text,
	"grace_minutes" integer DEFAULT 15 NOT NULL,
	"failure_streak" integer,
	"failure_rate_percent" integer,
	"failure_rate_window" integer DEFAULT 20 NOT NULL,
	"failure_rate_min_runs" integer DEFAULT 5 NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "platform_settings" ADD COLUMN "alert_client_delay_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "alert_email" "alert_email_preference" DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_id_users_id_fk" FOREIGN KEY ("acknowledged_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_expectations" ADD CONSTRAINT "workflow_expectations_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_expectations" ADD CONSTRAINT "workflow_expectations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_expectations" ADD CONSTRAINT "workflow_expectations_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_id_at_index" ON "alert_events" USING btree ("alert_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_active_idx" ON "alerts" USING btree ("workflow_id","condition") WHERE "alerts"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_company_id_opened_at_id_index" ON "alerts" USING btree ("company_id","opened_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_opened_at_id_index" ON "alerts" USING btree ("opened_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_workflow_id_opened_at_index" ON "alerts" USING btree ("workflow_id","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_active_idx" ON "alerts" USING btree ("state") WHERE "alerts"."state" <> 'resolved';--> statement-breakpoint
CREATE INDEX "dev_mailbox_created_at_index" ON "dev_mailbox" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "workflow_expectations_company_id_index" ON "workflow_expectations" USING btree ("company_id");--> statement-breakpoint
-- Custom: grants and row-level security for the new tenant tables (see 0004 and 0005).
-- The development mailbox is the owner's only (the job runner writes it, admins read it).
GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_expectations, alerts, alert_events TO nexus_app;
--> statement-breakpoint
ALTER TABLE workflow_expectations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_expectations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  tenant_table text;
  owner_name name;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['workflow_expectations', 'alerts', 'alert_events']
  LOOP
    SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = tenant_table;
    IF owner_name <> 'nexus_app' AND NOT EXISTS (
      SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
    ) THEN
      EXECUTE format('CREATE POLICY owner_access ON public.%I TO %I USING (true) WITH CHECK (true)', tenant_table, owner_name);
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE POLICY tenant_access ON workflow_expectations TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON alerts TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON alert_events TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
