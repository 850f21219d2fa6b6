DROP INDEX "invoices_company_id_month_index";--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "replaces_invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_replaces_invoice_id_invoices_id_fk" FOREIGN KEY ("replaces_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_billed_month_idx" ON "invoices" USING btree ("company_id","month") WHERE "invoices"."status" <> 'void';--> statement-breakpoint
CREATE INDEX "invoices_replaces_invoice_id_index" ON "invoices" USING btree ("replaces_invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_company_id_month_index" ON "invoices" USING btree ("company_id","month");