import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Archive } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { defaultMinutesSavedPerRun, findWorkflow, listWorkflowRuns } from "@/db/queries/workflows";
import { WorkflowsSettingsForm } from "@/components/admin/workflows-settings-form";
import { WorkflowsStatusActions } from "@/components/admin/workflows-status-actions";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { LastRun } from "@/components/workflows/last-run";
import { formatMinutesSavedPerRun } from "@/components/workflows/workflow-format";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";
import { WorkflowRunsTable } from "@/components/workflows/workflow-runs-table";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { channels } from "@/lib/realtime";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Workflow" };
export const dynamic = "force-dynamic";

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts (see the company page).
const idSchema = z.guid();

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const path = `/admin/workflows/${encodeURIComponent(id)}`;
  const viewer = await requirePage("workflows.manage", path);
  if (!idSchema.safeParse(id).success) notFound();

  const db = getDb();
  const scope = scopeFor(viewer, "workflows.manage");
  const workflow = await findWorkflow(db, { scope, id });
  if (!workflow) notFound();
  await requirePage("workflows.manage", path, { companyId: workflow.companyId });

  const cursorParam = (await searchParams).runs;
  const cursor = typeof cursorParam === "string" ? cursorParam : null;
  const [{ runs, nextCursor }, platformDefault] = await Promise.all([
    listWorkflowRuns(db, { scope, workflowId: workflow.id, cursor }),
    defaultMinutesSavedPerRun(db),
  ]);

  return (
    <>
      <LiveRefresh channel={channels.company(workflow.companyId)} event="run.updated" />
      <PageHeader
        title={workflow.name}
        description={`A workflow of ${workflow.companyName}: its settings and its runs.`}
        back={{ href: "/admin/workflows", label: "Workflows" }}
        actions={
          workflow.status === "archived" ? null : (
            <WorkflowsStatusActions workflowId={workflow.id} workflowName={workflow.name} status={workflow.status} />
          )
        }
      />
      <div className="space-y-6">
        <Card title="Overview">
          <div data-workflow-id={workflow.id}>
            <DescriptionList
              items={[
                { term: "Company", value: workflow.companyName },
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
                {
                  term: "Minutes saved per run",
                  value: formatMinutesSavedPerRun(workflow.minutesSavedPerRun, platformDefault),
                },
                { term: "Created", value: <DateTime value={workflow.createdAt} /> },
                { term: "Last changed", value: <DateTime value={workflow.updatedAt} /> },
              ]}
            />
          </div>
        </Card>
        {workflow.status === "archived" ? (
          <Card title="Settings" description="Archived workflows are read-only.">
            <p className="mb-4 flex items-center gap-2 text-sm text-gray-700">
              <Archive aria-hidden className="size-4 text-gray-500" />
              This workflow is archived: its settings can no longer be changed, and it is hidden from the lists.
            </p>
            <DescriptionList
              items={[
                { term: "Name", value: workflow.name },
                { term: "Description", value: workflow.description || "No description" },
                { term: "Platform", value: platformLabels[workflow.platform] },
                { term: "Trigger", value: triggerLabels[workflow.trigger] },
                {
                  term: "Minutes saved per run",
                  value: formatMinutesSavedPerRun(workflow.minutesSavedPerRun, platformDefault),
                },
              ]}
            />
          </Card>
        ) : (
          <Card
            title="Settings"
            description="Changing minutes saved per run applies to runs that finish from now on; past runs keep their value."
          >
            <WorkflowsSettingsForm
              workflowId={workflow.id}
              defaultMinutesSavedPerRun={platformDefault}
              initial={{
                name: workflow.name,
                description: workflow.description,
                platform: workflow.platform,
                trigger: workflow.trigger,
                minutesSavedPerRun: workflow.minutesSavedPerRun === null ? "" : String(workflow.minutesSavedPerRun),
                status: workflow.status,
              }}
            />
          </Card>
        )}
        <Card title="Runs" description="Newest first.">
          <WorkflowRunsTable
            runs={runs}
            nextHref={nextCursor ? `${path}?runs=${encodeURIComponent(nextCursor)}` : null}
            newestHref={cursor ? path : null}
          />
        </Card>
      </div>
    </>
  );
}
