CREATE TYPE "public"."ingestion_limit_scope" AS ENUM('key', 'company');--> statement-breakpoint
ALTER TYPE "public"."notification_type" ADD VALUE 'ingestion_throttled';--> statement-breakpoint
ALTER TABLE "connection_workflows" ADD COLUMN "backfill_cursor" text;--> statement-breakpoint
CREATE TABLE "ingestion_buckets" (
	"scope" "ingestion_limit_scope" NOT NULL,
	"subject_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"refusals_notified_at" timestamp with time zone,
	CONSTRAINT "ingestion_buckets_scope_subject_id_pk" PRIMARY KEY("scope","subject_id")
);
--> statement-breakpoint
CREATE TABLE "ingestion_limits" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"key_rate_per_minute" integer,
	"key_burst" integer,
	"company_rate_per_minute" integer,
	"company_burst" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "ingestion_traffic" (
	"key_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"admitted_requests" integer DEFAULT 0 NOT NULL,
	"admitted_reports" integer DEFAULT 0 NOT NULL,
	"refused_requests" integer DEFAULT 0 NOT NULL,
	"refused_reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ingestion_traffic_key_id_minute_pk" PRIMARY KEY("key_id","minute")
);
--> statement-breakpoint
ALTER TABLE "ingestion_buckets" ADD CONSTRAINT "ingestion_buckets_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingestion_limits" ADD CONSTRAINT "ingestion_limits_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingestion_limits" ADD CONSTRAINT "ingestion_limits_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingestion_traffic" ADD CONSTRAINT "ingestion_traffic_key_id_ingestion_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."ingestion_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingestion_traffic" ADD CONSTRAINT "ingestion_traffic_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingestion_traffic_company_id_minute_index" ON "ingestion_traffic" USING btree ("company_id","minute");--> statement-breakpoint
-- Custom: the limits are set by staff commands (as nexus_app): grants and row-level
-- security like the other tenant tables (see 0004 and 0006). The buckets and the traffic
-- counters are the owner's only: the ingestion route takes from them before any company
-- is known (the key lookup runs on the owner connection), and staff pages read them there.
GRANT SELECT, INSERT, UPDATE, DELETE ON ingestion_limits TO nexus_app;
--> statement-breakpoint
ALTER TABLE ingestion_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ingestion_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  owner_name name;
BEGIN
  SELECT t.tableowner INTO owner_name FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'ingestion_limits';
  IF owner_name <> 'nexus_app' AND NOT EXISTS (
    SELECT 1 FROM pg_roles r WHERE r.rolname = owner_name AND (r.rolsuper OR r.rolbypassrls)
  ) THEN
    EXECUTE format('CREATE POLICY owner_access ON public.ingestion_limits TO %I USING (true) WITH CHECK (true)', owner_name);
  END IF;
END
$$;
--> statement-breakpoint
CREATE POLICY tenant_access ON ingestion_limits TO nexus_app
  USING (public.app_company_in_scope(company_id))
  WITH CHECK (public.app_company_in_scope(company_id));
