import type { Metadata } from "next";
import { FileText, Plus, Receipt } from "lucide-react";
import { getDb } from "@/db";
import {
  getMonthlyRecurringRevenue,
  INVOICE_PAYMENT_DAYS,
  listInvoicedCompanies,
  listInvoices,
  listMonthlyRevenue,
  listUsage,
} from "@/db/queries/billing";
import { listPlans } from "@/db/queries/plans";
import { formatBillingMonth, formatCents, invoiceStateLabels, monthParam } from "@/components/billing/billing-format";
import { InvoiceFilters } from "@/components/billing/invoice-filters";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { IssueInvoicesControl } from "@/app/(admin)/admin/billing/_components/issue-invoices-control";
import { MonthPicker } from "@/components/billing/month-picker";
import { PlansTable } from "@/components/billing/plans-table";
import { RevenueChart } from "@/components/billing/revenue-chart";
import { toUsageRow, UsageTable } from "@/components/billing/usage-table";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { can, scopeFor } from "@/lib/authz";
import { addMonths, monthOf } from "@/lib/billing";
import { requirePage } from "@/lib/guards";
import { billingPageSchema, invoiceFilterStates } from "./schema";

export const metadata: Metadata = { title: "Billing" };

// Companies per page of the usage table: a page's cost is its markup (BENCHMARKS.md).
const USAGE_PAGE_SIZE = 25;
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const stateOptions = invoiceFilterStates.map((state) => ({
  value: state,
  label: state === "open" ? "Open, not yet due" : invoiceStateLabels[state],
}));

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("billing.view", "/admin/billing");
  const raw = await searchParams;
  const params = billingPageSchema.parse({
    month: first(raw.month) || undefined,
    state: first(raw.state) || undefined,
    company: first(raw.company) || undefined,
    page: first(raw.page),
    usagePage: first(raw.usagePage),
  });

  const db = getDb();
  const now = new Date();

  const scope = scopeFor(viewer, "billing.view");
  const isAdmin = can(viewer, "billing.manage");
  const currentMonth = monthOf(now);
  // a future month has no usage yet: show the current one instead
  const month = params.month && params.month <= currentMonth ? params.month : currentMonth;
  const inProgress = month === currentMonth;

  const [plans, usage, invoicePage, invoicedCompanies, mrr] = await Promise.all([
    isAdmin ? listPlans(db, { month: currentMonth }) : Promise.resolve([]),
    listUsage(db, { scope, month, now }),
    listInvoices(db, { scope, now, state: params.state, companyId: params.company, page: params.page, includeDrafts: isAdmin }),
    listInvoicedCompanies(db, { scope }),
    getMonthlyRecurringRevenue(db, { scope, now }),
  ]);
  const currency = mrr.currency;
  const revenue = await listMonthlyRevenue(db, { scope, now, currency });
  const paidLastYear = revenue.reduce((sum, entry) => sum + entry.paidCents, 0);
  const outstanding = revenue.reduce((sum, entry) => sum + entry.outstandingCents, 0);

  const monthLabel = formatBillingMonth(month);
  const companiesToBill = usage.filter((row) => row.plan && !row.invoice).length;
  const company = invoicedCompanies.some((option) => option.id === params.company) ? params.company : undefined;
  const filtered = Boolean(params.state || company);

  const usagePages = Math.max(1, Math.ceil(usage.length / USAGE_PAGE_SIZE));
  const usagePage = Math.min(params.usagePage, usagePages);
  const usageShown = usage.slice((usagePage - 1) * USAGE_PAGE_SIZE, usagePage * USAGE_PAGE_SIZE);

  /** This page's URL with the invoice page and the usage page as given. */
  const billingHref = (page: number, usageAt: number) => {
    const query = new URLSearchParams();
    if (params.month) query.set("month", monthParam(month));
    if (params.state) query.set("state", params.state);
    if (company) query.set("company", company);
    if (page > 1) query.set("page", String(page));
    if (usageAt > 1) query.set("usagePage", String(usageAt));
    const text = query.toString();
    return text ? `/admin/billing?${text}` : "/admin/billing";
  };
  const hrefFor = (page: number) => billingHref(page, usagePage);

  return (
    <>
      <PageHeader
        title="Billing"
        description={
          isAdmin
            ? "Plans, each company's usage for a month, the invoices issued from it, and revenue. No payment provider is involved: payments are recorded by hand."
            : "Usage and invoices of the companies you look after, read-only."
        }
        actions={
          isAdmin ? (
            <ButtonLink href="/admin/billing/plans/new">
              <Plus aria-hidden className="size-4" />
              New plan
            </ButtonLink>
          ) : null
        }
      />
      <div className="space-y-6">
        <section aria-labelledby="billing-figures-heading">
          <h2 id="billing-figures-heading" className="sr-only">
            Key figures
          </h2>
          <dl className="grid gap-4 sm:grid-cols-3">
            <Figure
              term="Monthly recurring revenue"
              value={formatCents(mrr.mrrCents, currency)}
              note={`The base prices of the plans in force this month for the ${mrr.companies === 1 ? "1 company" : `${mrr.companies} companies`} billed (not archived); usage beyond the included runs is not counted.`}
            />
            <Figure
              term="Paid, last 12 months"
              value={formatCents(paidLastYear, currency)}
              note="Invoices paid, by the month they bill."
            />
            <Figure
              term="Outstanding"
              value={formatCents(outstanding, currency)}
              note="Open invoices of the last 12 months, overdue ones included."
            />
          </dl>
        </section>

        <Card title="Revenue" description="From invoices: what was billed for each month, and whether it has been paid.">
          <RevenueChart months={revenue} currency={currency} />
        </Card>

        {isAdmin ? (
          <Card
            title="Plans"
            description="The price list. A plan's new prices apply to invoices issued from then on; a retired plan stays with the companies on it."
          >
            {plans.length === 0 ? (
              <EmptyState icon={FileText} headingLevel={3} title="No plans yet" text="Create the first plan to offer it to companies." />
            ) : (
              <PlansTable plans={plans} />
            )}
          </Card>
        ) : null}

        <Card
          title={`Usage, ${monthLabel}`}
          description={
            inProgress
              ? "The month is in progress: the amounts so far, and projected to the month's end at its current pace."
              : "Billable runs are succeeded and failed runs started in the month (UTC). An invoiced month shows the invoice's figures."
          }
        >
          <div className="mb-4 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
            <MonthPicker
              action="/admin/billing"
              month={monthParam(month)}
              max={monthParam(currentMonth)}
              keep={{ state: params.state, company }}
            />
            {isAdmin && !inProgress ? (
              <IssueInvoicesControl
                month={monthParam(month)}
                monthLabel={monthLabel}
                companiesToBill={companiesToBill}
                paymentDays={INVOICE_PAYMENT_DAYS}
              />
            ) : null}
          </div>
          {isAdmin && inProgress ? (
            <p className="mb-4 text-sm text-gray-700">
              {`Invoices for ${monthLabel} can be issued once the month has ended. Choose an earlier month to issue its invoices; the latest is ${formatBillingMonth(addMonths(currentMonth, -1))}.`}
            </p>
          ) : null}
          {usage.length === 0 ? (
            <EmptyState
              icon={Receipt}
              headingLevel={3}
              title="No companies to show"
              text={isAdmin ? "Companies appear here once they are created." : "Companies appear here once an admin assigns them to you."}
            />
          ) : (
            <>
              <UsageTable
                caption={`Usage per company, ${monthLabel}`}
                inProgress={inProgress}
                rows={usageShown.map((row) => toUsageRow(row, currency))}
              />
              {usagePages > 1 ? (
                <Pagination
                  page={usagePage}
                  hasNext={usagePage < usagePages}
                  hrefFor={(page) => billingHref(params.page, page)}
                  label="Usage pages"
                  summary={`Companies ${(usagePage - 1) * USAGE_PAGE_SIZE + 1}–${(usagePage - 1) * USAGE_PAGE_SIZE + usageShown.length} of ${usage.length}`}
                />
              ) : null}
            </>
          )}
        </Card>

        <Card title="Invoices" description="Newest month first. Overdue: open and past its due date.">
          <InvoiceFilters
            action="/admin/billing"
            state={params.state ?? ""}
            company={company ?? ""}
            month={params.month ? monthParam(month) : ""}
            states={stateOptions}
            companies={invoicedCompanies}
          />
          {invoicePage.invoices.length === 0 ? (
            <EmptyState
              icon={Receipt}
              headingLevel={3}
              title={filtered || params.page > 1 ? "No invoices match" : "No invoices yet"}
              text={
                filtered || params.page > 1
                  ? "No invoice matches these filters. Change or clear them to see more."
                  : "Invoices appear here once a month's invoices are issued."
              }
            />
          ) : (
            <>
              <InvoicesTable
                caption={filtered ? "Invoices matching the filters" : "Invoices"}
                hrefBase="/admin/billing/invoices"
                showCompany
                invoices={invoicePage.invoices}
              />
              <Pagination page={params.page} hasNext={invoicePage.hasNext} hrefFor={hrefFor} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}

function Figure({ term, value, note }: { term: string; value: string; note: string }) {
  return (
    <div className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
      <dt className="text-sm font-medium text-gray-600">{term}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-gray-900">{value}</dd>
      <dd className="mt-2 text-xs text-gray-600">{note}</dd>
    </div>
  );
}

