import type { Metadata } from "next";
import { getDb } from "@/db";
import { getCompanyDefaults, listActiveSalesEngineers } from "@/db/queries/companies";
import { listActivePlans } from "@/db/queries/plans";
import { CompaniesCreateForm } from "@/app/(admin)/admin/companies/_components/companies-create-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";
import { formatMoney, personLabel } from "../format";
import { editableCompanyStatuses } from "../schema";

export const metadata: Metadata = { title: "New company" };
export const dynamic = "force-dynamic";

export default async function NewCompanyPage() {
  await requirePage("companies.manage", "/admin/companies/new");
  const db = getDb();
  const [plans, salesEngineers, defaults] = await Promise.all([
    listActivePlans(db),
    listActiveSalesEngineers(db),
    getCompanyDefaults(db),
  ]);

  return (
    <>
      <PageHeader
        title="New company"
        description="A client company: its profile, plan and the sales engineer who looks after it."
        back={{ href: "/admin/companies", label: "Companies" }}
      />
      <Card>
        <CompaniesCreateForm
          statusOptions={editableCompanyStatuses.map((status) => ({
            value: status,
            label: status.charAt(0).toUpperCase() + status.slice(1),
          }))}
          planOptions={plans.map((plan) => ({
            value: plan.id,
            label: `${plan.name}: ${formatMoney(plan.basePriceCents, plan.currency)} a month, ${plan.includedRuns.toLocaleString("en-US")} runs included`,
          }))}
          seOptions={salesEngineers.map((se) => ({ value: se.id, label: personLabel(se) }))}
          defaultRateLabel={`${formatMoney(defaults.defaultHourlyRateCents, defaults.currency)} an hour`}
        />
      </Card>
    </>
  );
}
