-- Row-level security on every tenant table (PRODUCT.md §7 Tenancy): the database's second
-- line behind the data layer's explicit scopes. The policies apply to the `nexus_app` role
-- (0001) only; the application takes that role per transaction (db/tenant.ts withTenant:
-- SET LOCAL ROLE nexus_app) and states what the transaction may reach in three settings:
--   app.scope        'all' (an admin-wide scope) or 'companies'
--   app.company_ids  comma-separated company uuids (for 'companies')
--   app.user_id      the acting user (their own users row and notifications)
-- No settings → no rows: a query that names no company sees nothing and writes nothing.
-- The owner connection (migrations, seed, scripts, pages reading with explicit scopes) is
-- not nexus_app and keeps working unchanged (see owner_access below for non-superusers).

-- ---------------------------------------------------------------- settings, read by the policies
-- Plain SQL functions so the planner inlines them into the policy predicates. A pooled
-- connection that once set a value answers '' after the transaction: hence nullif.
CREATE OR REPLACE FUNCTION public.app_scope_is_all() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'all' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.app_company_ids() RETURNS uuid[]
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(string_to_array(nullif(current_setting('app.company_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.app_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
-- NULL company → in scope only for 'all' (staff-only rows: platform audit entries, staff users).
CREATE OR REPLACE FUNCTION public.app_company_in_scope(company uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT public.app_scope_is_all() OR coalesce(company = ANY (public.app_company_ids()), false) $$;
--> statement-breakpoint

-- ---------------------------------------------------------------- lookups past the policies
-- SECURITY DEFINER: they run as the owner, so they see rows the caller's policies hide.
-- Each answers one yes/no question and returns no row data.

-- Is the email (any case) used by any user but `except_id`? Uniqueness spans every
-- company and the staff, which a company-scoped caller cannot see (users.isEmailTaken).
CREATE OR REPLACE FUNCTION public.app_email_taken(candidate text, except_id uuid DEFAULT NULL) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM public.users
      WHERE lower(email) = lower(candidate) AND (except_id IS NULL OR id <> except_id)
    )
  $$;
--> statement-breakpoint
-- Is the user a client of that company? (a company's notification goes to its own clients only)
CREATE OR REPLACE FUNCTION public.app_is_client_of(user_id uuid, company uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM public.users u WHERE u.id = user_id AND u.role = 'client' AND u.company_id = company) $$;
--> statement-breakpoint
-- Does the workflow belong to that company? (a run or rollup row cannot pair one company
-- with another company's workflow)
CREATE OR REPLACE FUNCTION public.app_workflow_in_company(workflow uuid, company uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM public.workflows w WHERE w.id = workflow AND w.company_id = company) $$;
--> statement-breakpoint
-- Are a user's role and company what they were? Lets a user write their own row (name,
-- password) without being able to change their own role or company through it.
CREATE OR REPLACE FUNCTION public.app_user_placement_unchanged(user_id uuid, new_role public.role, new_company uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM public.users u
      WHERE u.id = user_id AND u.role = new_role AND u.company_id IS NOT DISTINCT FROM new_company
    )
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION
  public.app_scope_is_all(), public.app_company_ids(), public.app_user_id(), public.app_company_in_scope(uuid),
  public.app_email_taken(text, uuid), public.app_is_client_of(uuid, uuid), public.app_workflow_in_company(uuid, uuid),
  public.app_user_placement_unchanged(uuid, public.role, uuid)
  FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION
  public.app_scope_is_all(), public.app_company_ids(), public.app_user_id(), public.app_company_in_scope(uuid),
  public.app_email_taken(text, uuid), public.app_is_client_of(uuid, uuid), public.app_workflow_in_company(uuid, uuid),
  public.app_user_placement_unchanged(uuid, public.role, uuid)
  TO nexus_app;
--> statement-breakpoint

-- ---------------------------------------------------------------- enable, and force
-- FORCE makes the tables' owner subject to the policies too; superusers still bypass.
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflows FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_executions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workflow_executions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE execution_daily_stats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE execution_daily_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE execution_hourly_stats ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE execution_hourly_stats FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ingestion_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ingestion_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE credentials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE credentials FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint

-- ---------------------------------------------------------------- the owner keeps full access
-- With FORCE, a table owner that is not a superuser (managed PostgreSQL: Neon, RDS, …)
-- would match no policy and see nothing, breaking every page, the seed and the scripts.
-- This policy gives the owner role exactly what it had; it never applies to nexus_app
-- (nexus_app is not a member of the owner). Skipped when the owner bypasses RLS anyway.
DO $$
DECLARE
  tenant_table text;
  owner_name name;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['companies', 'users', 'workflows', 'workflow_executions', 'execution_daily_stats',
    'execution_hourly_stats', 'ingestion_keys', 'credentials', 'invoices', 'notifications', 'audit_log']
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
-- The application's login role must be a member of nexus_app to SET ROLE to it. A
-- superuser always may; another login role (the usual managed-PostgreSQL owner) is
-- granted membership here when it may grant it, and told otherwise.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'nexus_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT nexus_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'grant nexus_app to the application''s database user: it must be able to SET ROLE nexus_app';
    END;
  END IF;
END
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------- company-owned tables
-- The row's company must be in scope to read it, and to write it (WITH CHECK), so a row
-- cannot be moved or written into another company.
CREATE POLICY tenant_access ON companies TO nexus_app
  USING (public.app_company_in_scope(id))
  WITH CHECK (public.app_company_in_scope(id));
--> statement-breakpoint
CREATE POLICY tenant_access ON workflows TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON ingestion_keys TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON credentials TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON invoices TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
--> statement-breakpoint
-- Runs and rollups: also, the workflow must be the row's company's.
CREATE POLICY tenant_access ON workflow_executions TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON execution_daily_stats TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
--> statement-breakpoint
CREATE POLICY tenant_access ON execution_hourly_stats TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_workflow_in_company(workflow_id, company_id));
--> statement-breakpoint

-- ---------------------------------------------------------------- users
-- Client users: by their company. Staff users (no company): with scope 'all' only, as
-- only admins manage staff. Anyone: their own row, which they may update (name,
-- password) but not move to another role or company.
CREATE POLICY tenant_read ON users FOR SELECT TO nexus_app
  USING (
    public.app_scope_is_all()
    OR (role = 'client' AND public.app_company_in_scope(company_id))
    OR id = public.app_user_id()
  );
--> statement-breakpoint
CREATE POLICY tenant_insert ON users FOR INSERT TO nexus_app
  WITH CHECK (public.app_scope_is_all() OR (role = 'client' AND public.app_company_in_scope(company_id)));
--> statement-breakpoint
CREATE POLICY tenant_update ON users FOR UPDATE TO nexus_app
  USING (
    public.app_scope_is_all()
    OR (role = 'client' AND public.app_company_in_scope(company_id))
    OR id = public.app_user_id()
  )
  WITH CHECK (
    public.app_scope_is_all()
    OR (role = 'client' AND public.app_company_in_scope(company_id))
    OR (id = public.app_user_id() AND public.app_user_placement_unchanged(id, role, company_id))
  );
--> statement-breakpoint
CREATE POLICY tenant_delete ON users FOR DELETE TO nexus_app
  USING (public.app_scope_is_all() OR (role = 'client' AND public.app_company_in_scope(company_id)));
--> statement-breakpoint

-- ---------------------------------------------------------------- notifications
-- Read, mark read, delete: the recipient's own (app.user_id), or any of a company in
-- scope (a company's notifications are that company's data). Written: for a company in
-- scope, and only to that company's own clients; or to oneself; or anything with 'all'
-- (staff account notifications carry no company).
CREATE POLICY tenant_access ON notifications TO nexus_app
  USING (user_id = public.app_user_id() OR public.app_company_in_scope(company_id))
  WITH CHECK (
    public.app_scope_is_all()
    OR (user_id = public.app_user_id() AND (company_id IS NULL OR public.app_company_in_scope(company_id)))
    OR (public.app_company_in_scope(company_id) AND public.app_is_client_of(user_id, company_id))
  );
--> statement-breakpoint

-- ---------------------------------------------------------------- audit log (append-only: no UPDATE or DELETE grant)
-- Read: entries of a company in scope (entries without a company: 'all' only). Append:
-- for a company in scope or none, in the acting user's name only.
CREATE POLICY tenant_read ON audit_log FOR SELECT TO nexus_app
  USING (public.app_company_in_scope(company_id));
--> statement-breakpoint
CREATE POLICY tenant_append ON audit_log FOR INSERT TO nexus_app
  WITH CHECK (
    (company_id IS NULL OR public.app_company_in_scope(company_id))
    AND actor_id IS NOT DISTINCT FROM public.app_user_id()
  );
