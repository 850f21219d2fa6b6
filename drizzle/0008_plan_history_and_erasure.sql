CREATE TABLE "company_plans" (
	"company_id" uuid NOT NULL,
	"from_month" date NOT NULL,
	"plan_id" uuid NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"set_by_id" uuid,
	CONSTRAINT "company_plans_company_id_from_month_pk" PRIMARY KEY("company_id","from_month")
);
--> statement-breakpoint
ALTER TABLE "companies" DROP CONSTRAINT "companies_plan_id_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "companies" DROP CONSTRAINT "companies_next_plan_id_plans_id_fk";
--> statement-breakpoint
ALTER TABLE "company_plans" ADD CONSTRAINT "company_plans_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_plans" ADD CONSTRAINT "company_plans_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_plans" ADD CONSTRAINT "company_plans_set_by_id_users_id_fk" FOREIGN KEY ("set_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "company_plans_plan_id_index" ON "company_plans" USING btree ("plan_id");--> statement-breakpoint
-- Custom: every company's plan becomes its history, so no figure shown today changes. The
-- current plan applies from the earlier of the company's creation month and the month before
-- a scheduled change (the earliest row also covers every month before it, as plan_id did);
-- a scheduled plan from its month. A change stored before changes were dated (no
-- next_plan_from) was shown as pending: it starts with the next month.
INSERT INTO company_plans (company_id, from_month, plan_id)
SELECT id,
  LEAST(
    date_trunc('month', created_at AT TIME ZONE 'UTC')::date,
    (COALESCE(next_plan_from, (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date) - interval '1 month')::date
  ),
  plan_id
FROM companies WHERE plan_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO company_plans (company_id, from_month, plan_id)
SELECT id, COALESCE(next_plan_from, (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date), next_plan_id
FROM companies WHERE next_plan_id IS NOT NULL
ON CONFLICT (company_id, from_month) DO UPDATE SET plan_id = EXCLUDED.plan_id;
--> statement-breakpoint
ALTER TABLE "companies" DROP COLUMN "plan_id";--> statement-breakpoint
ALTER TABLE "companies" DROP COLUMN "next_plan_id";--> statement-breakpoint
ALTER TABLE "companies" DROP COLUMN "next_plan_from";--> statement-breakpoint
-- Resets are one-time links (README "Invitations and password resets"): nothing reads the flag.
ALTER TABLE "users" DROP COLUMN "must_change_password";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erasure_number" integer;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_erasureNumber_unique" UNIQUE("erasure_number");
--> statement-breakpoint
-- Custom: grants and row-level security for company_plans, as 0004 does for companies.
GRANT SELECT, INSERT, UPDATE, DELETE ON company_plans TO nexus_app;
--> statement-breakpoint
ALTER TABLE company_plans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE company_plans FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  owner_name name;
BEGIN
  SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'company_plans';
  IF owner_name <> 'nexus_app' AND NOT EXISTS (
    SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
  ) THEN
    EXECUTE format('CREATE POLICY owner_access ON public.company_plans TO %I USING (true) WITH CHECK (true)', owner_name);
  END IF;
END
$$;
--> statement-breakpoint
CREATE POLICY tenant_access ON company_plans TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
-- Erasure numbers ("erased user #7") come from a sequence, so two erasures never share one.
CREATE SEQUENCE user_erasure_numbers;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE user_erasure_numbers TO nexus_app;
--> statement-breakpoint
-- The audit log stays append-only: no DELETE or TRUNCATE, and no UPDATE but one, the
-- redaction of an erased person's personal data (actor email, address, user agent, and the
-- email/name/ip recorded in changes), which only erase_audit_personal_data below performs,
-- for a user already marked erased. What happened, when, to what and by which (now
-- anonymous) account never changes.
DROP TRIGGER audit_log_no_update_or_delete ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete
  BEFORE DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_redaction_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('nexus.audit_redaction', true), '') = ''
    OR NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
    OR NEW.action IS DISTINCT FROM OLD.action OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
    OR NEW.target_type IS DISTINCT FROM OLD.target_type OR NEW.target_id IS DISTINCT FROM OLD.target_id
    OR NEW.company_id IS DISTINCT FROM OLD.company_id
  THEN
    RAISE EXCEPTION 'audit_log is append-only';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_redaction_only
  BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_redaction_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION erase_audit_personal_data(p_user uuid, p_email text, p_name text)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog, pg_temp AS $$
DECLARE
  label text;
  redacted integer;
BEGIN
  SELECT 'erased user #' || erasure_number INTO label FROM users WHERE id = p_user AND erased_at IS NOT NULL;
  IF label IS NULL THEN
    RAISE EXCEPTION 'erase_audit_personal_data: user % is not erased', p_user;
  END IF;
  PERFORM set_config('nexus.audit_redaction', p_user::text, true);
  UPDATE audit_log SET
    actor_email = CASE WHEN actor_id = p_user OR lower(actor_email) = lower(p_email) THEN label ELSE actor_email END,
    ip = CASE WHEN actor_id = p_user OR lower(actor_email) = lower(p_email) THEN NULL ELSE ip END,
    user_agent = CASE WHEN actor_id = p_user OR lower(actor_email) = lower(p_email) THEN NULL ELSE user_agent END,
    changes = CASE WHEN jsonb_typeof(changes) = 'object' THEN (
      SELECT coalesce(jsonb_object_agg(key, CASE
        WHEN key IN ('email', 'name', 'ip') THEN to_jsonb(label)
        WHEN position(lower(p_email) IN lower(value::text)) > 0
          OR (coalesce(p_name, '') <> '' AND position(p_name IN value::text) > 0) THEN to_jsonb(label)
        ELSE value END), '{}'::jsonb)
      FROM jsonb_each(changes)) ELSE changes END
  WHERE actor_id = p_user OR lower(actor_email) = lower(p_email) OR (target_type = 'user' AND target_id = p_user::text);
  GET DIAGNOSTICS redacted = ROW_COUNT;
  PERFORM set_config('nexus.audit_redaction', '', true);
  RETURN redacted;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION erase_audit_personal_data(uuid, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION erase_audit_personal_data(uuid, text, text) TO nexus_app;
