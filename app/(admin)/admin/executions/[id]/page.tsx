import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { findExecution, listRunStatusEvents, neighbourExecutions } from "@/db/queries/executions";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { RunDetail } from "@/components/workflows/run-detail";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { channels } from "@/lib/realtime";
import { engineRunUrl, runHistory } from "@/lib/run-view";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Run" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();

/** One run for staff: an admin sees any, an SE their companies' (others answer 404). */
export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/admin/executions/${encodeURIComponent(id)}`;
  const viewer = await requirePage("executions.view", path);
  if (!idSchema.safeParse(id).success) notFound();

  const db = getDb();
  const run = await findExecution(db, { scope: scopeFor(viewer, "executions.view"), id });
  if (!run) notFound();
  await requirePage("executions.view", path, { companyId: run.companyId });
  const [neighbours, events] = await Promise.all([
    neighbourExecutions(db, run),
    listRunStatusEvents(db, { scope: scopeFor(viewer, "executions.view"), runId: run.id }),
  ]);

  return (
    <>
      {/* this run's changes and its workflow's new runs (the neighbours); catchUp: a run that
          changes between the render and the subscription is not missed */}
      <LiveRefresh channel={channels.company(run.companyId)} event="run.updated" only={{ workflowId: run.workflowId }} catchUp />
      <PageHeader
        title={`Run of ${run.workflowName}`}
        description={`${run.companyName} · reported by the engine as ${run.externalId}`}
        back={{ href: "/admin/executions", label: "Run log" }}
      />
      <RunDetail
        run={run}
        history={runHistory(run, events)}
        engineUrl={engineRunUrl(run.externalId, run.engine)}
        neighbours={neighbours}
        workflowHref={`/admin/workflows/${run.workflowId}`}
        runHref={(runId) => `/admin/executions/${runId}`}
        showCompany
      />
    </>
  );
}
