import type { Metadata } from "next";
import { getDb } from "@/db";
import { countActiveAlerts, listAlerts } from "@/db/queries/alert-views";
import { getRevenueThisMonth } from "@/db/queries/billing";
import { listExecutions } from "@/db/queries/executions";
import { ActiveAlerts } from "@/components/admin/active-alerts";
import { ActivityFeed } from "@/components/admin/activity-feed";
import { DashboardKpis } from "@/components/admin/dashboard-kpis";
import { TopFailingWorkflows } from "@/components/admin/top-failing-workflows";
import { RunsTrendChart } from "@/components/dashboard/runs-trend-chart";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { StaffOnline } from "@/components/realtime/staff-online";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_FIGURES_TTL_MS, getAdminFigures } from "@/lib/admin-figures";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { runChannelsFor } from "@/lib/realtime";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function AdminDashboardPage() {
  const viewer = await requirePage("adminDashboard.view", "/admin");
  const scope = scopeFor(viewer, "adminDashboard.view");
  const db = getDb();
  const now = new Date();
  const alertScope = scopeFor(viewer, "alerts.view");
  const [{ kpis, overview, failing }, latest, revenue, alertCounts, newestAlerts] = await Promise.all([
    getAdminFigures(db, scope, now),
    listExecutions(db, { scope, limit: 8 }),
    getRevenueThisMonth(db, { scope: scopeFor(viewer, "billing.view"), now }),
    countActiveAlerts(db, { scope: alertScope }),
    listAlerts(db, { scope: alertScope, filters: { state: "active" }, limit: 5 }),
  ]);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          viewer.role === "admin"
            ? "How the automations of every client company are running."
            : "How the automations of the companies you look after are running."
        }
      />
      {/* KPIs, feed and chart re-read (rollups) at most once a second while runs arrive, and
          once more when the shared figures have surely been read again */}
      <LiveRefresh channel={runChannelsFor(viewer)} event="run.updated" settleMs={ADMIN_FIGURES_TTL_MS + 500} />
      {/* alerts are read directly (no shared figures): a refresh shows them at once */}
      <LiveRefresh channel={runChannelsFor(viewer)} event="alert.updated" catchUp />
      <div className="space-y-6">
        <ActiveAlerts counts={alertCounts} newest={newestAlerts.alerts} />
        <DashboardKpis kpis={kpis} revenue={revenue} />
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="xl:col-span-2">
            <RunsTrendChart
              days={overview.days.map(({ day, succeeded, failed }) => ({ day, succeeded, failed }))}
              emptyText="Runs reported by the automation engines will be charted here day by day."
            />
          </div>
          <TopFailingWorkflows workflows={failing} />
        </div>
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="xl:col-span-2">
            <ActivityFeed runs={latest.rows} />
          </div>
          <StaffOnline selfId={viewer.id} />
        </div>
      </div>
    </>
  );
}
