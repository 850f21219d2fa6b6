import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Download } from "lucide-react";
import { getReport, listReportWorkflows, type ReportKind } from "@/db/queries/reports";
import { PrintButton } from "@/components/reports/print-button";
import { ReportDayTable, ReportPrintSummary, ReportWorkflowTable } from "@/components/reports/report-tables";
import { WorkflowFilter } from "@/components/reports/workflow-filter";
import { hrefWith, RangePicker } from "@/components/roi/range-picker";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { can, scopeFor } from "@/lib/authz";
import { parseDateRange, rangeLabel, rangeQuery, utcToday } from "@/lib/date-range";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { reportFiltersSchema } from "./schema";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// The app shell (header, navigation) is not this page's to change, so its print rule lives
// here: printing a report leaves out the shell; the page hides its own controls with print:.
const printShell = `@media print {
  body header, nav[aria-label="Main"], a[href="#main"] { display: none !important; }
  body div:has(> nav[aria-label="Main"]) { display: none !important; }
  main#main { padding: 0 !important; }
}`;

function DownloadLink({ href, table }: { href: string; table: string }) {
  // a plain link: the export answers with a file (Content-Disposition), not a page
  return (
    <a href={href} className={`${buttonClass("secondary")} print:hidden`}>
      <Download aria-hidden className="size-4" />
      Download CSV<span className="sr-only">{` of the ${table} table`}</span>
    </a>
  );
}

/**
 * The client's reports (PRODUCT.md §2): runs by workflow and by day for a date range and
 * an optional workflow, with totals, CSV downloads of both and a print view.
 */
export default async function ReportsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("executions.view", "/reports");
  const companyId = viewer.companyId;
  if (!companyId || !can(viewer, "executions.view", { companyId })) notFound();

  const params = await searchParams;
  const now = new Date();
  const parsed = parseDateRange(params, now);
  const { range } = parsed;
  const db = clientAreaReads(viewer);
  const scope = scopeFor(viewer, "executions.view");
  const workflows = await listReportWorkflows(db, { scope, companyId });

  // an unknown or malformed workflow is reported and the filter dropped
  const filters = reportFiltersSchema.safeParse({ workflow: params.workflow });
  const requested = filters.success ? (filters.data.workflow ?? null) : null;
  const workflow = requested ? (workflows.find((candidate) => candidate.id === requested) ?? null) : null;
  const workflowError =
    !filters.success || (requested && !workflow) ? "That workflow is not one of yours, so the report shows all workflows." : null;

  const report = await getReport(db, { scope, companyId, from: range.from, to: range.to, workflowId: workflow?.id ?? null });
  if (!report) notFound();

  const query = rangeQuery(range);
  const workflowParam = workflow ? { workflow: workflow.id } : {};
  const exportHref = (kind: ReportKind) => hrefWith("/reports/export", { kind, ...query, ...workflowParam });
  const period = rangeLabel(range);
  const scopeLabel = workflow ? `Workflow: ${workflow.name}` : "All workflows";

  return (
    <>
      <style href="nexus-report-print" precedence="default">
        {printShell}
      </style>
      <ReportPrintSummary
        companyName={report.company.name}
        period={period}
        workflowLabel={scopeLabel}
        totals={report.totals}
        currency={report.company.currency}
      />
      <div className="print:hidden">
        <PageHeader
          title="Reports"
          description="Your runs by workflow and by day, for any date range, ready to export or print."
          actions={<PrintButton />}
        />
      </div>
      <RangePicker
        basePath="/reports"
        range={range}
        today={utcToday(now)}
        error={parsed.ok ? null : parsed.error}
        preserve={workflowParam}
      />
      {workflowError ? (
        <p role="status" data-testid="workflow-error" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 print:hidden">
          {workflowError}
        </p>
      ) : null}
      <WorkflowFilter
        workflows={workflows}
        selected={workflow?.id ?? null}
        rangeParams={query}
        clearHref={hrefWith("/reports", query)}
      />

      <div className="space-y-8">
        <section aria-labelledby="by-workflow" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="by-workflow" className="text-base font-semibold text-gray-900">
                By workflow
              </h2>
              <p className="mt-1 text-sm text-gray-600">{`${scopeLabel}, ${period}. Money saved is hours saved at your hourly rate.`}</p>
            </div>
            <DownloadLink href={exportHref("workflows")} table="by-workflow" />
          </div>
          <ReportWorkflowTable
            rows={report.workflows.map(({ id, name, status, runs, succeeded, failed, successRatePercent, hoursSaved, moneySavedCents }) => ({
              id,
              name,
              status,
              runs,
              succeeded,
              failed,
              successRatePercent,
              hoursSaved,
              moneySavedCents,
            }))}
            totals={report.totals}
            currency={report.company.currency}
            caption={`Runs and savings by workflow, ${period}`}
          />
        </section>

        <section aria-labelledby="by-day" className="space-y-3 print:break-before-page">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="by-day" className="text-base font-semibold text-gray-900">
                By day
              </h2>
              <p className="mt-1 text-sm text-gray-600">{`${scopeLabel}, every UTC day of ${period}.`}</p>
            </div>
            <DownloadLink href={exportHref("days")} table="by-day" />
          </div>
          <ReportDayTable
            rows={report.days.map(({ day, runs, succeeded, failed, hoursSaved, moneySavedCents }) => ({
              day,
              runs,
              succeeded,
              failed,
              hoursSaved,
              moneySavedCents,
            }))}
            totals={report.totals}
            currency={report.company.currency}
            caption={`Runs and savings by day, ${period}`}
          />
        </section>
      </div>
    </>
  );
}
