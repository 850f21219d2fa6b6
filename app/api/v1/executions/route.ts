import { getDb } from "@/db";
import type { RecordedExecution } from "@/db/queries/executions";
import { ingestExecution } from "@/lib/ingestion";

// Engines authenticate with a company's ingestion key, not a session: lib/ingestion.ts
// scopes every write to that key's company.
export const dynamic = "force-dynamic";

const describe = ({ execution, created, changed }: RecordedExecution) => ({
  id: execution.id,
  workflowId: execution.workflowId,
  status: execution.status,
  startedAt: execution.startedAt,
  finishedAt: execution.finishedAt,
  created,
  changed,
});

export async function POST(request: Request) {
  const outcome = await ingestExecution(getDb(), request);
  if ("error" in outcome) {
    return Response.json({ error: outcome.error, issues: outcome.issues }, { status: outcome.status });
  }
  if ("batch" in outcome) return Response.json({ runs: outcome.batch.map(describe) }, { status: outcome.status });
  return Response.json(describe(outcome.recorded), { status: outcome.status });
}
