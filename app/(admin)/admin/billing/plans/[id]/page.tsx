import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { listPlans } from "@/db/queries/plans";
import { PlanActiveControl } from "@/app/(admin)/admin/billing/_components/plan-active-control";
import { EditPlanForm } from "@/app/(admin)/admin/billing/_components/plan-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { monthOf } from "@/lib/billing";
import { requirePage } from "@/lib/guards";
import { centsToMoneyInput } from "../../money";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Plan" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage("billing.manage", `/admin/billing/plans/${encodeURIComponent(id)}`);
  if (!idSchema.safeParse(id).success) notFound();

  const plans = await listPlans(getDb(), { month: monthOf(new Date()) });
  const plan = plans.find((candidate) => candidate.id === id);
  if (!plan) notFound();

  return (
    <>
      <PageHeader
        title={plan.name}
        description={`${plan.active ? "Active" : "Retired"} plan, priced in ${plan.currency}. ${plan.companiesOnPlan === 1 ? "1 company is" : `${plan.companiesOnPlan} companies are`} on it this month.`}
        back={{ href: "/admin/billing", label: "Billing" }}
      />
      <div className="space-y-6">
        <Card title="Name and prices">
          <EditPlanForm
            planId={plan.id}
            currency={plan.currency}
            values={{
              name: plan.name,
              basePrice: centsToMoneyInput(plan.basePriceCents),
              includedRuns: String(plan.includedRuns),
              overagePrice: centsToMoneyInput(plan.overagePriceCents),
            }}
          />
        </Card>
        <Card title={plan.active ? "Retire" : "Reactivate"}>
          <PlanActiveControl
            planId={plan.id}
            planName={plan.name}
            active={plan.active}
            companiesOnPlan={plan.companiesOnPlan}
          />
        </Card>
      </div>
    </>
  );
}
