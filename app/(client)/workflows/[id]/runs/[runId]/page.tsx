import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findExecution, listRunStatusEvents, neighbourExecutions } from "@/db/queries/executions";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { RunDetail } from "@/components/workflows/run-detail";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { channels } from "@/lib/realtime";
import { engineRunUrl, runHistory } from "@/lib/run-view";
import { clientAreaReads } from "@/lib/tenant-reads";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Run" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();

/**
 * One run of the client's workflow. Another company's run, or a run of another workflow
 * under this one's URL, answers 404 like a missing one.
 */
export default async function WorkflowRunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  const path = `/workflows/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`;
  const viewer = await requirePage("executions.view", path);
  if (!idSchema.safeParse(id).success || !idSchema.safeParse(runId).success) notFound();

  const db = clientAreaReads(viewer);
  const run = await findExecution(db, { scope: scopeFor(viewer, "executions.view"), id: runId });
  if (!run || run.workflowId.toLowerCase() !== id.toLowerCase()) notFound();
  await requirePage("executions.view", path, { companyId: run.companyId });
  const [neighbours, events] = await Promise.all([
    neighbourExecutions(db, run),
    listRunStatusEvents(db, { scope: scopeFor(viewer, "executions.view"), runId: run.id }),
  ]);
  const workflowHref = `/workflows/${run.workflowId}`;

  return (
    <>
      <LiveRefresh channel={channels.company(run.companyId)} event="run.updated" only={{ workflowId: run.workflowId }} catchUp />
      <PageHeader
        title={`Run of ${run.workflowName}`}
        description={`Reported by the automation engine as ${run.externalId}`}
        back={{ href: workflowHref, label: run.workflowName }}
      />
      <RunDetail
        run={run}
        history={runHistory(run, events)}
        engineUrl={engineRunUrl(run.externalId, run.engine)}
        neighbours={neighbours}
        workflowHref={workflowHref}
        runHref={(otherId) => `${workflowHref}/runs/${otherId}`}
        showCompany={false}
      />
    </>
  );
}
