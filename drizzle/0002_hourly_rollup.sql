CREATE TABLE "execution_hourly_stats" (
	"company_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "execution_hourly_stats_workflow_id_hour_pk" PRIMARY KEY("workflow_id","hour")
);
--> statement-breakpoint
ALTER TABLE "execution_hourly_stats" ADD CONSTRAINT "execution_hourly_stats_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_hourly_stats" ADD CONSTRAINT "execution_hourly_stats_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "execution_hourly_stats_company_id_hour_index" ON "execution_hourly_stats" USING btree ("company_id","hour");--> statement-breakpoint
CREATE INDEX "execution_hourly_stats_hour_index" ON "execution_hourly_stats" USING btree ("hour");--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON execution_hourly_stats TO nexus_app;
--> statement-breakpoint
-- Tables added by later migrations are the app role's to use too (audit_log stays revoked).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO nexus_app;
