import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listWorkflowHealth } from "@/db/queries/alert-views";
import { listRunningExecutions } from "@/db/queries/executions";
import { getRoi } from "@/db/queries/roi";
import { RunningNow } from "@/components/client/running-now";
import { WorkflowHealthCard } from "@/components/client/workflow-health-card";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { DashboardEmpty } from "@/components/roi/dashboard-empty";
import { RangePicker } from "@/components/roi/range-picker";
import { RoiBreakdown } from "@/components/roi/roi-breakdown";
import { RoiSummary } from "@/components/roi/roi-summary";
import { RoiTrendChart } from "@/components/roi/roi-trend-chart";
import { PageHeader } from "@/components/ui/page-header";
import { can, scopeFor } from "@/lib/authz";
import { parseDateRange, previousLabel, rangeLabel, utcToday } from "@/lib/date-range";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { channels } from "@/lib/realtime";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The client's ROI (PRODUCT.md §2, §4) over a date range from the URL (?range=7d|30d|90d
 * or ?from=&to=), with the change against the period before, the daily trend and the
 * per-workflow breakdown. Figures come from db/queries/roi.ts getRoi (rollups only).
 */
export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("workflows.view", "/dashboard");
  // a client's own company; the scope check is the data layer's too (getRoi returns null)
  const companyId = viewer.companyId;
  if (!companyId || !can(viewer, "workflows.view", { companyId })) notFound();

  const now = new Date();
  const parsed = parseDateRange(await searchParams, now);
  const { range } = parsed;
  const db = clientAreaReads(viewer);
  const scope = scopeFor(viewer, "workflows.view");
  const showHealth = can(viewer, "alerts.view", { companyId });
  const [roi, running, health] = await Promise.all([
    getRoi(db, { scope, companyId, from: range.from, to: range.to, now }),
    listRunningExecutions(db, { scope, companyId }),
    showHealth ? listWorkflowHealth(db, { scope: scopeFor(viewer, "alerts.view"), companyId }) : Promise.resolve([]),
  ]);
  if (!roi) notFound();
  // live: its refresh re-reads the whole page (KPIs included) at most once a second
  const runningNow = <RunningNow runs={running} channel={channels.company(companyId)} />;

  const period = rangeLabel(range);
  return (
    <>
      <PageHeader title="Dashboard" description="What your automations saved you, what they cost, and how reliably they ran." />
      {showHealth ? (
        <div className="mb-6">
          {/* health changes when an alert opens, is acknowledged or resolves, and when runs arrive */}
          <LiveRefresh channel={channels.company(companyId)} event={["alert.updated", "workflow.updated"]} />
          <WorkflowHealthCard
            workflows={health.map(({ workflowId, workflowName, status, lastRunAt, state, acknowledged }) => ({ workflowId, workflowName, status, lastRunAt, state, acknowledged }))}
            now={now}
          />
        </div>
      ) : null}
      <RangePicker basePath="/dashboard" range={range} today={utcToday(now)} error={parsed.ok ? null : parsed.error} />
      {roi.hasRuns ? (
        <div className="space-y-6">
          <RoiSummary
            data={{ current: roi.current, previous: roi.previous, currency: roi.currency, hourlyRateCents: roi.hourlyRateCents }}
            periodLabel={period}
            previousLabel={previousLabel(range)}
          />
          <RoiTrendChart
            days={roi.days.map(({ day, runs, hoursSaved, moneySavedCents }) => ({ day, runs, hoursSaved, moneySavedCents }))}
            currency={roi.currency}
            periodLabel={period}
          />
          {runningNow}
          <RoiBreakdown
            workflows={roi.workflows.map(({ id, name, status, runs, successRatePercent, hoursSaved, moneySavedCents }) => ({
              id,
              name,
              status,
              runs,
              successRatePercent,
              hoursSaved,
              moneySavedCents,
            }))}
            currency={roi.currency}
            periodLabel={period}
          />
        </div>
      ) : (
        <div className="space-y-6">
          <DashboardEmpty />
          {runningNow}
        </div>
      )}
    </>
  );
}
