import type { Metadata } from "next";
import Link from "next/link";
import { Workflow } from "lucide-react";
import { listWorkflowHealth } from "@/db/queries/alert-views";
import { listWorkflows } from "@/db/queries/workflows";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { StatusBadge } from "@/components/ui/status-badge";
import {
  Table,
  tableBodyClass,
  tableCellClass,
} from "@/components/ui/table";
import { LastRun } from "@/components/workflows/last-run";
import { platformLabels } from "@/components/workflows/workflow-labels";
import { WorkflowHealthLine } from "@/components/workflows/workflow-health";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { channels } from "@/lib/realtime";

export const metadata: Metadata = { title: "Workflows" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function pageOf(value: string | string[] | undefined): number {
  const page = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(page) && page > 1 && page <= 10_000 ? page : 1;
}

export default async function WorkflowsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("workflows.view", "/workflows");
  const scope = scopeFor(viewer, "workflows.view");
  const page = pageOf((await searchParams).page);
  // Archived workflows are left out: the list shows what runs, or may run, for the company.
  const db = clientAreaReads(viewer);
  const { workflows, hasNext } = await listWorkflows(db, { scope, page });
  const companyId = viewer.companyId;
  const showHealth = companyId !== null && can(viewer, "alerts.view", { companyId });
  const health =
    showHealth && workflows.length > 0
      ? await listWorkflowHealth(db, { scope: scopeFor(viewer, "alerts.view"), companyId, workflowIds: workflows.map((workflow) => workflow.id) })
      : [];
  const healthOf = new Map(health.map((item) => [item.workflowId, item]));
  const now = new Date();

  return (
    <>
      {/* last-run statuses follow the company's runs live */}
      {viewer.companyId ? <LiveRefresh channel={channels.company(viewer.companyId)} event={["run.updated", "workflow.updated", "alert.updated"]} /> : null}
      <PageHeader title="Workflows" description="The automations running for your company and how their last run went." />
      {workflows.length === 0 ? (
        <EmptyState
          icon={Workflow}
          title={page > 1 ? "No more workflows" : "No workflows yet"}
          text={
            page > 1 ? (
              <Link prefetch={false} href="/workflows" className={`rounded-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}>
                Back to the first page
              </Link>
            ) : (
              "The automations the agency builds for you will be listed here, with the status of their last run."
            )
          }
        />
      ) : (
        <>
          <Table caption="Your workflows" columns={["Name", "Platform", "Status", "Last run", showHealth ? "Health" : null]}>
            <tbody className={tableBodyClass}>
              {workflows.map((workflow) => (
                <tr key={workflow.id} data-workflow-id={workflow.id}>
                  <th scope="row" className={`${tableCellClass} font-medium`}>
                    <Link prefetch={false}
                      href={`/workflows/${workflow.id}`}
                      className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                    >
                      {workflow.name}
                    </Link>
                  </th>
                  <td className={tableCellClass}>{platformLabels[workflow.platform]}</td>
                  <td className={tableCellClass} data-testid="workflow-status">
                    <StatusBadge status={workflow.status} />
                  </td>
                  <td className={tableCellClass} data-testid="last-run-status">
                    <LastRun status={workflow.lastRunStatus} at={workflow.lastRunAt} />
                  </td>
                  {showHealth ? (
                    <td className="min-w-72 px-4 py-3 text-gray-700">
                      {(() => {
                        const item = healthOf.get(workflow.id);
                        return item ? <WorkflowHealthLine health={item} now={now} compact /> : null;
                      })()}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
          {page > 1 || hasNext ? (
            <Pagination page={page} hasNext={hasNext} hrefFor={(target) => (target > 1 ? `/workflows?page=${target}` : "/workflows")} />
          ) : null}
        </>
      )}
    </>
  );
}
