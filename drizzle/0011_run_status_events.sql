CREATE TABLE "run_status_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"status" "execution_status",
	"finished_at" timestamp with time zone,
	"error_message" text,
	"seen_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_status_events" ADD CONSTRAINT "run_status_events_run_id_workflow_executions_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_status_events" ADD CONSTRAINT "run_status_events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_status_events_run_id_seen_at_ordinal_index" ON "run_status_events" USING btree ("run_id","seen_at","ordinal");--> statement-breakpoint
CREATE INDEX "workflow_executions_external_id_index" ON "workflow_executions" USING btree ("external_id");--> statement-breakpoint
-- Custom: a run's status history is written by the recording path (lib/record-runs.ts) as
-- nexus_app scoped to the run's company, and read by the run pages (the client's through
-- their tenant reads): grants and row-level security like the other tenant tables (0004,
-- 0006). No UPDATE: an event, once seen, is never rewritten; runs' deletes cascade.
GRANT SELECT, INSERT, DELETE ON run_status_events TO nexus_app;
--> statement-breakpoint
-- Does the run belong to that company? (an event cannot pair one company with another
-- company's run, as a run cannot pair one with another's workflow: 0004)
CREATE OR REPLACE FUNCTION public.app_run_in_company(run uuid, company uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM public.workflow_executions e WHERE e.id = run AND e.company_id = company) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.app_run_in_company(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_run_in_company(uuid, uuid) TO nexus_app;
--> statement-breakpoint
ALTER TABLE run_status_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE run_status_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  owner_name name;
BEGIN
  SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'run_status_events';
  IF owner_name <> 'nexus_app' AND NOT EXISTS (
    SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
  ) THEN
    EXECUTE format('CREATE POLICY owner_access ON public.run_status_events TO %I USING (true) WITH CHECK (true)', owner_name);
  END IF;
END
$$;
--> statement-breakpoint
CREATE POLICY tenant_access ON run_status_events TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id) AND public.app_run_in_company(run_id, company_id));
--> statement-breakpoint
-- Custom: the runs recorded before this table get what Nexus kept of them, in one
-- statement: first reported (created_at) in the status they still have if no later report
-- changed them, else with the status of that time unknown (NULL, it was not kept), and
-- the last change (updated_at) in their current state. Runs inserted without the recording
-- path afterwards (the demo seed) have no events: the run page derives their history.
INSERT INTO run_status_events (run_id, company_id, status, finished_at, error_message, seen_at, ordinal)
SELECT e.id, e.company_id,
  CASE WHEN e.updated_at > e.created_at THEN NULL ELSE e.status END,
  CASE WHEN e.updated_at > e.created_at THEN NULL ELSE e.finished_at END,
  CASE WHEN e.updated_at > e.created_at THEN NULL ELSE e.error_message END,
  e.created_at, 0
FROM workflow_executions e
UNION ALL
SELECT e.id, e.company_id, e.status, e.finished_at, e.error_message, e.updated_at, 1
FROM workflow_executions e
WHERE e.updated_at > e.created_at;
