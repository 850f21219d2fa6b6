import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Archive } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { findWorkflowExpectation, listWorkflowAlerts, listWorkflowHealth } from "@/db/queries/alert-views";
import { defaultMinutesSavedPerRun, findWorkflow, listWorkflowRuns } from "@/db/queries/workflows";
import { AlertsTable } from "@/components/admin/alerts-table";
import { WorkflowsSettingsForm } from "@/app/(admin)/admin/workflows/_components/workflows-settings-form";
import { WorkflowsStatusActions } from "@/app/(admin)/admin/workflows/_components/workflows-status-actions";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { LastRun } from "@/components/workflows/last-run";
import { formatMinutesSavedPerRun } from "@/components/workflows/workflow-format";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";
import { WorkflowRunsTable } from "@/components/workflows/workflow-runs-table";
import { HealthBadge } from "@/components/workflows/workflow-health";
import { problemWords } from "@/components/workflows/workflow-health-words";
import { can, scopeFor } from "@/lib/authz";
import { defaultExpectation } from "@/lib/expectations";
import { requirePage } from "@/lib/guards";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { channels } from "@/lib/realtime";
import { ExpectationForm } from "./_components/expectation-form";
import { formValuesOf } from "./_components/expectation-values";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Workflow" };
export const dynamic = "force-dynamic";

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts (see the company page).
const idSchema = z.guid();

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The time zones a cron cadence may use: UTC first, then every zone this runtime knows. */
function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

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
  const alertScope = scopeFor(viewer, "alerts.view");
  const canSeeAlerts = can(viewer, "alerts.view", { companyId: workflow.companyId });
  const canSetExpectations = can(viewer, "expectations.manage", { companyId: workflow.companyId }) && workflow.status !== "archived";
  const [{ runs, nextCursor }, platformDefault, [health], history, expectation] = await Promise.all([
    listWorkflowRuns(db, { scope, workflowId: workflow.id, cursor }),
    defaultMinutesSavedPerRun(db),
    canSeeAlerts ? listWorkflowHealth(db, { scope: alertScope, companyId: workflow.companyId, workflowIds: [workflow.id] }) : Promise.resolve([]),
    canSeeAlerts ? listWorkflowAlerts(db, { scope: alertScope, workflowId: workflow.id }) : Promise.resolve([]),
    canSetExpectations ? findWorkflowExpectation(db, { scope: scopeFor(viewer, "expectations.manage"), workflowId: workflow.id }) : Promise.resolve(null),
  ]);
  const now = new Date();
  const problem = health ? problemWords(health, now) : null;
  const activeAlerts = history.filter((alert) => alert.state !== "resolved");

  return (
    <>
      <LiveRefresh channel={channels.company(workflow.companyId)} event={["run.updated", "alert.updated"]} />
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
                ...(health
                  ? [
                      {
                        term: "Health",
                        value: (
                          <span className="flex flex-wrap items-center gap-2" data-testid="workflow-health" data-health={health.state}>
                            <HealthBadge health={health} />
                            {health.state !== "healthy" ? (
                              <span className="text-gray-700">{health.acknowledged ? "Acknowledged" : "Not acknowledged yet"}</span>
                            ) : !health.watched ? (
                              <span className="text-gray-600">No expectation set: it never alerts</span>
                            ) : null}
                          </span>
                        ),
                      },
                    ]
                  : []),
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
        {canSetExpectations ? (
          <Card
            title="Expectations"
            description="How often this workflow should run and how many failures are too many. Staff are alerted when it falls behind or keeps failing; the client is told if nobody acknowledges the alert in time."
          >
            <ExpectationForm
              workflowId={workflow.id}
              initial={formValuesOf(expectation ?? defaultExpectation(workflow.trigger))}
              suggested={!expectation}
              timeZones={timeZoneChoices()}
              now={now.toISOString()}
            />
          </Card>
        ) : null}
        {canSeeAlerts ? (
          <Card title="Alerts" description="This workflow's alerts, newest first. They resolve themselves once it is back to normal.">
            {problem ? (
              <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" role="status">
                {problem}.{" "}
                {activeAlerts.length > 0 ? (
                  <>
                    {health?.acknowledged ? "Acknowledged." : "Nobody has acknowledged it yet."}{" "}
                    <Link
                      prefetch={false}
                      href={`/admin/alerts/${activeAlerts[0]?.id ?? ""}`}
                      className={`rounded-sm font-medium text-indigo-800 underline hover:text-indigo-950 ${focusRing}`}
                    >
                      Open the alert
                    </Link>
                  </>
                ) : null}
              </p>
            ) : null}
            {history.length === 0 ? (
              <p className="text-sm text-gray-600" data-testid="alert-history-empty">
                {health?.watched ? "No alerts so far." : "No alerts so far. Set an expectation above to be alerted when it runs late or keeps failing."}
              </p>
            ) : (
              <AlertsTable rows={history} caption={`Alerts of ${workflow.name}, newest first`} now={now} showWorkflow={false} />
            )}
          </Card>
        ) : null}
        <Card title="Runs" description="Newest first.">
          <WorkflowRunsTable
            runs={runs}
            nextHref={nextCursor ? `${path}?runs=${encodeURIComponent(nextCursor)}` : null}
            newestHref={cursor ? path : null}
            runHref={(runId) => `/admin/executions/${runId}`}
          />
        </Card>
      </div>
    </>
  );
}
