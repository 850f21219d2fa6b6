import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { listWorkflowHealth } from "@/db/queries/alert-views";
import { defaultMinutesSavedPerRun, findWorkflow, listWorkflowRuns } from "@/db/queries/workflows";
import { Card } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { LastRun } from "@/components/workflows/last-run";
import { formatMinutes } from "@/components/workflows/workflow-format";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";
import { WorkflowRunsTable } from "@/components/workflows/workflow-runs-table";
import { WorkflowHealthLine } from "@/components/workflows/workflow-health";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { channels } from "@/lib/realtime";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Workflow" };
export const dynamic = "force-dynamic";

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts; z.uuid() would also demand RFC
// version bits, which ids made in SQL (md5()::uuid) do not have.
const idSchema = z.guid();

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Read-only: clients see their workflow and its runs; only staff change workflows. */
export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const path = `/workflows/${encodeURIComponent(id)}`;
  const viewer = await requirePage("workflows.view", path);
  if (!idSchema.safeParse(id).success) notFound();

  const db = clientAreaReads(viewer);
  const scope = scopeFor(viewer, "workflows.view");
  const workflow = await findWorkflow(db, { scope, id });
  if (!workflow) notFound();
  await requirePage("workflows.view", path, { companyId: workflow.companyId });

  const cursorParam = (await searchParams).runs;
  const cursor = typeof cursorParam === "string" ? cursorParam : null;
  const showHealth = can(viewer, "alerts.view", { companyId: workflow.companyId });
  const [{ runs, nextCursor }, platformDefault, [health]] = await Promise.all([
    listWorkflowRuns(db, { scope, workflowId: workflow.id, cursor }),
    defaultMinutesSavedPerRun(db),
    showHealth
      ? listWorkflowHealth(db, { scope: scopeFor(viewer, "alerts.view"), companyId: workflow.companyId, workflowIds: [workflow.id] })
      : Promise.resolve([]),
  ]);
  const now = new Date();
  const minutesSavedPerRun = workflow.minutesSavedPerRun ?? platformDefault;

  return (
    <>
      <LiveRefresh channel={channels.company(workflow.companyId)} event={["run.updated", "workflow.updated", "alert.updated"]} />
      <PageHeader
        title={workflow.name}
        description="What this automation does, how its last run went and its run history."
        back={{ href: "/workflows", label: "Workflows" }}
      />
      <div className="space-y-6">
        <Card title="About this workflow">
          <div data-workflow-id={workflow.id}>
            <DescriptionList
              items={[
                {
                  term: "Status",
                  value: (
                    <span data-testid="workflow-status">
                      <StatusBadge status={workflow.status} />
                    </span>
                  ),
                },
                {
                  term: "Last run",
                  value: (
                    <span data-testid="last-run-status">
                      <LastRun status={workflow.lastRunStatus} at={workflow.lastRunAt} />
                    </span>
                  ),
                },
                ...(health ? [{ term: "Health", value: <WorkflowHealthLine health={health} now={now} /> }] : []),
                { term: "Description", value: workflow.description || "No description" },
                { term: "Platform", value: platformLabels[workflow.platform] },
                { term: "Trigger", value: triggerLabels[workflow.trigger] },
                {
                  term: "Minutes saved per run",
                  value: `${formatMinutes(minutesSavedPerRun)}${workflow.minutesSavedPerRun === null ? " (the agency's default)" : ""}`,
                },
              ]}
            />
          </div>
        </Card>
        <Card title="Run history" description="Newest first. Each run counts the minutes saved that applied when it finished.">
          <WorkflowRunsTable
            runs={runs}
            nextHref={nextCursor ? `${path}?runs=${encodeURIComponent(nextCursor)}` : null}
            newestHref={cursor ? path : null}
            runHref={(runId) => `/workflows/${workflow.id}/runs/${runId}`}
          />
        </Card>
      </div>
    </>
  );
}
