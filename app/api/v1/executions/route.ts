import { getDb } from "@/db";
import { ingestExecution } from "@/lib/ingestion";

// Engines authenticate with a company's ingestion key, not a session: lib/ingestion.ts
// scopes every write to that key's company.
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const outcome = await ingestExecution(getDb(), request);
  if ("error" in outcome) {
    return Response.json({ error: outcome.error, issues: outcome.issues }, { status: outcome.status });
  }
  const { execution, created, changed } = outcome.recorded;
  return Response.json(
    {
      id: execution.id,
      workflowId: execution.workflowId,
      status: execution.status,
      startedAt: execution.startedAt,
      finishedAt: execution.finishedAt,
      created,
      changed,
    },
    { status: outcome.status },
  );
}
