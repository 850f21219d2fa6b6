import type { Metadata } from "next";
import Link from "next/link";
import { Activity } from "lucide-react";
import { getDb } from "@/db";
import { decodeCursor, encodeCursor, listExecutions } from "@/db/queries/executions";
import { companyOptions, workflowOptions } from "@/db/queries/filter-options";
import { executionStatuses } from "@/db/schema";
import { ExecutionsTable } from "@/components/admin/executions-table";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterForm } from "@/components/ui/filter-form";
import { PageHeader } from "@/components/ui/page-header";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { runChannelsFor } from "@/lib/realtime";
import { executionFiltersSchema } from "./schema";

export const metadata: Metadata = { title: "Executions" };
export const dynamic = "force-dynamic";

const DAY_MS = 24 * 60 * 60 * 1000;
// A page of the log: enough to scan, small enough to render fast (keyset paging goes on).
const PAGE_SIZE = 25;

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const viewer = await requirePage("executions.view", "/admin/executions");
  const filters = executionFiltersSchema.parse(await searchParams);
  const scope = scopeFor(viewer, "executions.view");
  const db = getDb();

  const [companies, workflows, page] = await Promise.all([
    companyOptions(db, { scope }),
    // Every workflow of every company is too long a list (and page) for an admin: the
    // workflow filter lists one company's workflows once a company is chosen.
    scope.kind === "all" && !filters.company ? Promise.resolve([]) : workflowOptions(db, { scope, companyId: filters.company }),
    listExecutions(db, {
      scope,
      status: filters.status,
      companyId: filters.company,
      workflowId: filters.workflow,
      externalId: filters.run,
      from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
      // "to" is inclusive: runs before the next day's midnight
      to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
      cursor: decodeCursor(filters.after),
      limit: PAGE_SIZE,
    }),
  ]);

  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const key of ["run", "status", "company", "workflow", "from", "to"] as const) {
      const value = filters[key];
      if (value) params.set(key, value);
    }
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    const text = params.toString();
    return text ? `/admin/executions?${text}` : "/admin/executions";
  };

  return (
    <>
      <PageHeader
        title="Executions"
        description={viewer.role === "admin" ? "Every run of every workflow, newest first." : "Every run of your companies' workflows, newest first."}
      />
      {/* the newest page follows new runs; an older page stays put while it is read */}
      {filters.after ? null : <LiveRefresh channel={runChannelsFor(viewer)} event="run.updated" />}
      <FilterForm
        action="/admin/executions"
        label="Filter the run log"
        values={filters}
        fields={[
          { kind: "search", name: "run", label: "Engine's run id", placeholder: "e.g. 4812", maxLength: 200 },
          { kind: "select", name: "status", label: "Status", allLabel: "All statuses", options: executionStatuses.map((status) => ({ value: status, label: status[0]?.toUpperCase() + status.slice(1) })) },
          { kind: "select", name: "company", label: "Company", allLabel: "All companies", options: companies.map((company) => ({ value: company.id, label: company.name })) },
          { kind: "select", name: "workflow", label: "Workflow", allLabel: workflows.length === 0 && !filters.company ? "All workflows (choose a company to pick one)" : "All workflows", options: workflows.map((workflow) => ({ value: workflow.id, label: filters.company ? workflow.name : `${workflow.companyName} · ${workflow.name}` })) },
          { kind: "date", name: "from", label: "From" },
          { kind: "date", name: "to", label: "To" },
        ]}
      />
      {page.rows.length === 0 ? (
        <EmptyState
          icon={Activity}
          title={filters.after ? "No more runs" : filters.run ? `No run with the engine's id ${filters.run}` : "No runs match these filters"}
          text="Runs reported by the automation engines appear here as they arrive."
        />
      ) : (
        <ExecutionsTable rows={page.rows} />
      )}
      <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2">
        {filters.after ? (
          <Link href={query({})} className={buttonClass("secondary")}>
            Newest
          </Link>
        ) : null}
        {page.next ? (
          <Link href={query({ after: encodeCursor(page.next) })} className={buttonClass("secondary")} rel="next">
            Older runs
          </Link>
        ) : null}
      </nav>
    </>
  );
}
