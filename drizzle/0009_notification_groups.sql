-- Notifications people still read (issue 22): one notification per burst of failures.
--
-- A company notification is ONE row with user_id NULL, seen by the company's client users
-- (a "group": group_key names what repeats, e.g. the workflow; count and last_at grow while
-- the burst lasts). Ingestion therefore writes one row per failure whatever the number of
-- users. Per-user read state stays per user: a receipt row (notification_reads) when a user
-- reads one group, and a per-user watermark (users.notifications_read_through) that "mark
-- all read" moves without touching any notification. Personal notifications (user_id set)
-- keep their own read_at as before.
CREATE TYPE "public"."notification_kind" AS ENUM('run_failures', 'workflow_changes', 'credentials', 'billing', 'alerts');--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "group_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "last_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "notifications" SET "last_at" = "created_at";--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_has_audience" CHECK ("notifications"."user_id" IS NOT NULL OR "notifications"."company_id" IS NOT NULL);--> statement-breakpoint
DROP INDEX "notifications_user_id_created_at_index";--> statement-breakpoint
DROP INDEX "notifications_unread_idx";--> statement-breakpoint
CREATE INDEX "notifications_user_id_last_at_id_index" ON "notifications" USING btree ("user_id","last_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id","last_at" DESC NULLS LAST) WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_company_groups_idx" ON "notifications" USING btree ("company_id","last_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "notifications"."user_id" IS NULL;--> statement-breakpoint
CREATE INDEX "notifications_open_group_idx" ON "notifications" USING btree ("company_id","group_key","created_at" DESC NULLS LAST) WHERE "notifications"."user_id" IS NULL AND "notifications"."group_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_read_at_index" ON "notifications" USING btree ("read_at") WHERE "notifications"."read_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "notification_reads" (
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_reads_notification_id_user_id_pk" PRIMARY KEY("notification_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_reads_user_id_index" ON "notification_reads" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_read_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_muted" "notification_kind"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_settings" ADD COLUMN "notification_group_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_settings" ADD COLUMN "read_notification_retention_days" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
-- Custom: grants and row-level security for the new tenant table, and the notifications
-- policy again so a company row (no user) can be written for a company in scope.
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_reads TO nexus_app;
--> statement-breakpoint
ALTER TABLE notification_reads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_reads FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  owner_name name;
BEGIN
  SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'notification_reads';
  IF owner_name <> 'nexus_app' AND NOT EXISTS (
    SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
  ) THEN
    EXECUTE format('CREATE POLICY owner_access ON public.notification_reads TO %I USING (true) WITH CHECK (true)', owner_name);
  END IF;
END
$$;
--> statement-breakpoint
-- A receipt: read by its user, or by a scope holding its company; written only by that
-- user, for a company's row of their own company.
CREATE POLICY tenant_access ON notification_reads TO nexus_app
  USING (user_id = public.app_user_id() OR public.app_company_in_scope(company_id))
  WITH CHECK (
    public.app_company_in_scope(company_id)
    AND public.app_is_client_of(user_id, company_id)
    AND (user_id = public.app_user_id() OR public.app_scope_is_all())
  );
--> statement-breakpoint
DROP POLICY tenant_access ON notifications;
--> statement-breakpoint
CREATE POLICY tenant_access ON notifications TO nexus_app
  USING (user_id = public.app_user_id() OR public.app_company_in_scope(company_id))
  WITH CHECK (
    public.app_scope_is_all()
    OR (user_id = public.app_user_id() AND (company_id IS NULL OR public.app_company_in_scope(company_id)))
    OR (public.app_company_in_scope(company_id) AND public.app_is_client_of(user_id, company_id))
    OR (user_id IS NULL AND public.app_company_in_scope(company_id))
  );
