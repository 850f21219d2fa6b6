-- Notification email per kind (issue 22, item 3): besides in-app on/off, each user chooses per
-- kind whether a company notification also reaches them by email at once, in the daily
-- digest, or not at all (the default, so nobody gets mail they did not ask for). Alerts keep
-- their own column (users.alert_email: in_app = off, email = at once, digest), so these two
-- lists never hold 'alerts'.
--
-- notification_emails is the ledger of the immediate emails: one row per (notification,
-- user), written in the same transaction as the mail is handed over, so a group emails each
-- user once however often it grows or the job is retried. users.notifications_digest_through
-- is where each user's last digest ended: the next one lists what happened after it.
ALTER TABLE "users" ADD COLUMN "notifications_email_now" "notification_kind"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_email_digest" "notification_kind"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_email_since" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_digest_through" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_notification_email_kinds" CHECK (NOT ('alerts' = ANY ("users"."notifications_email_now")) AND NOT ('alerts' = ANY ("users"."notifications_email_digest")) AND NOT ("users"."notifications_email_now" && "users"."notifications_email_digest"));--> statement-breakpoint
CREATE TABLE "notification_emails" (
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_emails_notification_id_user_id_pk" PRIMARY KEY("notification_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "notification_emails" ADD CONSTRAINT "notification_emails_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_emails" ADD CONSTRAINT "notification_emails_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_emails" ADD CONSTRAINT "notification_emails_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_emails_user_id_index" ON "notification_emails" USING btree ("user_id");--> statement-breakpoint
-- Custom: grants and row-level security for the new tenant table (as notification_reads, 0009).
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_emails TO nexus_app;
--> statement-breakpoint
ALTER TABLE notification_emails ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notification_emails FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  owner_name name;
BEGIN
  SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'notification_emails';
  IF owner_name <> 'nexus_app' AND NOT EXISTS (
    SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
  ) THEN
    EXECUTE format('CREATE POLICY owner_access ON public.notification_emails TO %I USING (true) WITH CHECK (true)', owner_name);
  END IF;
END
$$;
--> statement-breakpoint
-- A ledger row: read by its user or a scope holding its company; written only for a client
-- of that company (the job runs with every company in scope).
CREATE POLICY tenant_access ON notification_emails TO nexus_app
  USING (user_id = public.app_user_id() OR public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_is_client_of(user_id, company_id));
