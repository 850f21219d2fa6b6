import type { Metadata } from "next";
import { getDb } from "@/db";
import { platformCurrency } from "@/db/queries/billing";
import { CreatePlanForm } from "@/app/(admin)/admin/billing/_components/plan-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "New plan" };
export const dynamic = "force-dynamic";

export default async function NewPlanPage() {
  await requirePage("billing.manage", "/admin/billing/plans/new");
  const currency = await platformCurrency(getDb());
  return (
    <>
      <PageHeader
        title="New plan"
        description={`A monthly base price that includes a number of runs, and a price for each run beyond them, in ${currency}.`}
        back={{ href: "/admin/billing", label: "Billing" }}
      />
      <Card>
        <CreatePlanForm currency={currency} />
      </Card>
    </>
  );
}
