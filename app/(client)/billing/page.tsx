import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CreditCard, Receipt } from "lucide-react";
import { getDb } from "@/db";
import { findCompanyPlan, listInvoices, listUsage } from "@/db/queries/billing";
import { formatBillingMonth, formatCents, formatRuns } from "@/components/billing/billing-format";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { UsageMeter } from "@/components/billing/usage-meter";
import { Card } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { scopeFor } from "@/lib/authz";
import { monthOf } from "@/lib/billing";
import { requirePage } from "@/lib/guards";
import { requestLocale } from "./locale";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function pageOf(value: string | string[] | undefined): number {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(number) && number > 0 && number <= 10_000 ? number : 1;
}

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("billing.view", "/billing");
  const page = pageOf((await searchParams).page);
  const db = getDb();
  const now = new Date();
  const scope = scopeFor(viewer, "billing.view");
  // every client belongs to a company (a database check); without one there is nothing to bill
  const companyId = viewer.companyId;
  if (!companyId) notFound();
  const month = monthOf(now);
  const [locale, plan, [usage], invoicePage] = await Promise.all([
    requestLocale(),
    findCompanyPlan(db, { scope, companyId, now }),
    listUsage(db, { scope, month, now, companyId }),
    listInvoices(db, { scope, now, companyId, page }),
  ]);
  const money = (cents: number, currency: string) => formatCents(cents, currency, locale);
  const runs = (count: number) => formatRuns(count, locale);
  const monthLabel = formatBillingMonth(month);

  return (
    <>
      <PageHeader title="Billing" description="Your plan, this month's usage against what it includes, and your invoices." />
      <div className="space-y-6">
        <Card title="Your plan">
          {plan?.plan ? (
            <div className="space-y-4">
              <DescriptionList
                items={[
                  { term: "Plan", value: plan.plan.name },
                  { term: "Base price", value: `${money(plan.plan.basePriceCents, plan.plan.currency)} a month` },
                  { term: "Included runs", value: `${runs(plan.plan.includedRuns)} a month` },
                  { term: "Each extra run", value: money(plan.plan.overagePriceCents, plan.plan.currency) },
                ]}
              />
              {plan.nextPlan ? (
                <p className="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900" data-testid="pending-plan">
                  {`${plan.nextPlan.name} from ${formatBillingMonth(plan.nextPlan.from)}: ${money(plan.nextPlan.basePriceCents, plan.nextPlan.currency)} a month with ${runs(plan.nextPlan.includedRuns)} runs included, ${money(plan.nextPlan.overagePriceCents, plan.nextPlan.currency)} per extra run.`}
                </p>
              ) : null}
            </div>
          ) : (
            <EmptyState
              icon={CreditCard}
              headingLevel={3}
              title="No plan yet"
              text="Your account manager will set up your plan. Until then, nothing is billed."
            />
          )}
        </Card>

        <Card
          title={`Usage, ${monthLabel}`}
          description="Billable runs are your succeeded and failed runs started this month (UTC); running and cancelled runs are not billed."
        >
          {usage?.plan && usage.amounts ? (
            <div className="space-y-5">
              <UsageMeter
                used={usage.billableRuns}
                included={usage.plan.includedRuns}
                usedLabel={runs(usage.billableRuns)}
                includedLabel={runs(usage.plan.includedRuns)}
                overageLabel={usage.amounts.overageRuns > 0 ? `${runs(usage.amounts.overageRuns)} extra runs` : null}
              />
              <DescriptionList
                items={[
                  { term: "Amount so far", value: money(usage.amounts.totalCents, usage.plan.currency) },
                  {
                    term: "Projected for the month",
                    value: usage.projected
                      ? `${money(usage.projected.amounts.totalCents, usage.plan.currency)} (about ${runs(usage.projected.billableRuns)} runs at the current pace)`
                      : money(usage.amounts.totalCents, usage.plan.currency),
                  },
                ]}
              />
            </div>
          ) : (
            <p className="text-sm text-gray-700">
              {usage ? `${runs(usage.billableRuns)} billable runs so far this month.` : "No usage to show."}
            </p>
          )}
        </Card>

        <Card title="Invoices" description="Newest month first. An invoice is overdue when it is still open after its due date.">
          {invoicePage.invoices.length === 0 ? (
            <EmptyState
              icon={Receipt}
              headingLevel={3}
              title={page > 1 ? "No more invoices" : "No invoices yet"}
              text="Each month's invoice appears here once the month has ended and it has been issued."
            />
          ) : (
            <>
              <InvoicesTable
                caption="Your invoices"
                hrefBase="/billing/invoices"
                showCompany={false}
                locale={locale}
                invoices={invoicePage.invoices}
              />
              <Pagination
                page={page}
                hasNext={invoicePage.hasNext}
                hrefFor={(target) => (target > 1 ? `/billing?page=${target}` : "/billing")}
              />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
