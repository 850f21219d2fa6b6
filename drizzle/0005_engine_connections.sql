CREATE TYPE "public"."connection_status" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TYPE "public"."engine_kind" AS ENUM('n8n');--> statement-breakpoint
ALTER TYPE "public"."notification_type" ADD VALUE 'connection_failing';--> statement-breakpoint
CREATE TABLE "connection_workflows" (
	"connection_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"external_workflow_id" text NOT NULL,
	"external_name" text NOT NULL,
	"workflow_id" uuid NOT NULL,
	"backfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_workflows_connection_id_external_workflow_id_pk" PRIMARY KEY("connection_id","external_workflow_id"),
	CONSTRAINT "connection_workflows_workflowId_unique" UNIQUE("workflow_id")
);
--> statement-breakpoint
CREATE TABLE "engine_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"engine" "engine_kind" DEFAULT 'n8n' NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"api_key_ciphertext" "bytea" NOT NULL,
	"api_key_nonce" "bytea" NOT NULL,
	"api_key_auth_tag" "bytea" NOT NULL,
	"key_version" integer NOT NULL,
	"api_key_hint" text NOT NULL,
	"status" "connection_status" DEFAULT 'active' NOT NULL,
	"execution_watermark" bigint,
	"next_sync_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_id" uuid,
	"lease_until" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"runs_imported" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failure_notified_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_task_runs" (
	"task" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scheduled_task_runs_task_slot_pk" PRIMARY KEY("task","slot")
);
--> statement-breakpoint
ALTER TABLE "connection_workflows" ADD CONSTRAINT "connection_workflows_connection_id_engine_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."engine_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_workflows" ADD CONSTRAINT "connection_workflows_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_workflows" ADD CONSTRAINT "connection_workflows_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engine_connections" ADD CONSTRAINT "engine_connections_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engine_connections" ADD CONSTRAINT "engine_connections_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_workflows_company_id_index" ON "connection_workflows" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "engine_connections_company_id_index" ON "engine_connections" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "engine_connections_status_next_sync_at_index" ON "engine_connections" USING btree ("status","next_sync_at");--> statement-breakpoint
CREATE INDEX "engine_connections_key_version_index" ON "engine_connections" USING btree ("key_version");--> statement-breakpoint
-- Custom: grants and row-level security for the new tenant tables, as 0001 and 0004 do for
-- the first ones (drizzle-kit emits neither). Connections are staff-only in the app; the
-- policies still keep every statement of a scoped transaction inside its companies.
GRANT SELECT, INSERT, UPDATE, DELETE ON engine_connections, connection_workflows TO nexus_app;
--> statement-breakpoint
ALTER TABLE engine_connections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE engine_connections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE connection_workflows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE connection_workflows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  tenant_table text;
  owner_name name;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['engine_connections', 'connection_workflows']
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
CREATE POLICY tenant_access ON engine_connections TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
-- The mapped workflow must be the row's company's, like a run's.
CREATE POLICY tenant_access ON connection_workflows TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
