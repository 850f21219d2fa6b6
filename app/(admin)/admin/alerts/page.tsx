import type { Metadata } from "next";
import { BellRing } from "lucide-react";
import { getDb } from "@/db";
import { listAlerts } from "@/db/queries/alert-views";
import { companyOptions, workflowOptions } from "@/db/queries/filter-options";
import { AlertFilters, AlertsPager, AlertsTable } from "@/components/admin/alerts-table";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { runChannelsFor } from "@/lib/realtime";
import { alertFiltersSchema } from "./schema";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

type Filters = Omit<ReturnType<typeof alertFiltersSchema.parse>, "cursor">;

/** The page's URL for these filters (and cursor), leaving out what is not set. */
function alertsHref(filters: Filters & { cursor?: string }): string {
  const query = new URLSearchParams();
  for (const key of ["companyId", "workflowId", "state", "condition", "cursor"] as const) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `/admin/alerts?${text}` : "/admin/alerts";
}

/** First value of a repeated query parameter: links people edit may repeat one. */
function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePage("alerts.view", "/admin/alerts");
  const scope = scopeFor(viewer, "alerts.view");
  const { cursor, ...filters } = alertFiltersSchema.parse(firstValues(await searchParams));
  const db = getDb();
  const now = new Date();

  const [page, companies, workflows] = await Promise.all([
    listAlerts(db, { scope, filters, cursor }),
    companyOptions(db, { scope }),
    // as on the run log: an admin picks a company first (every workflow of every company
    // would be a select of hundreds of options, rendered on every load)
    scope.kind === "all" && !filters.companyId ? Promise.resolve([]) : workflowOptions(db, { scope, companyId: filters.companyId }),
  ]);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <LiveRefresh channel={runChannelsFor(viewer)} event="alert.updated" />
      <PageHeader
        title="Alerts"
        description={
          viewer.role === "admin"
            ? "Workflows that ran late or kept failing, in every company, newest first. They resolve themselves once the workflow is back to normal."
            : "Workflows that ran late or kept failing in the companies you look after, newest first. They resolve themselves once the workflow is back to normal."
        }
      />
      <AlertFilters values={filters} companies={companies} workflows={workflows} />
      {page.alerts.length === 0 ? (
        <EmptyState
          icon={BellRing}
          title={cursor ? "No older alerts" : filtered ? "No alerts match these filters" : "No alerts yet"}
          text={
            cursor
              ? "You have reached the oldest alert for these filters."
              : filtered
                ? "Try another state, condition, company or workflow, or clear the filters."
                : "When a workflow with an expectation runs late or keeps failing, its alert is listed here. Set expectations on a workflow's page."
          }
        />
      ) : (
        <>
          <AlertsTable rows={page.alerts} caption="Alerts, newest first" now={now} />
          <AlertsPager
            count={page.alerts.length}
            newestHref={cursor ? alertsHref(filters) : null}
            nextHref={page.nextCursor ? alertsHref({ ...filters, cursor: page.nextCursor }) : null}
          />
        </>
      )}
    </>
  );
}
