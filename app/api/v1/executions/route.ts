import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "@/db";
import { answerOf, ingestExecution } from "@/lib/ingestion";
import { REFUSAL_PAUSE_MS } from "@/lib/ingestion-limits";

// Engines authenticate with a company's ingestion key, not a session: lib/ingestion.ts
// scopes every write to that key's company and applies the key's and the company's rate
// limits (lib/ingestion-limits.ts).
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const outcome = await ingestExecution(getDb(), request);
  // An engine that retries at once, without waiting, gets its refusal after a pause (at
  // most a second, never past Retry-After): the connections it holds then cost timers,
  // not CPU, so refusing a flood stays cheap for every other company.
  if (outcome.status === 429) await sleep(Math.min(REFUSAL_PAUSE_MS, outcome.refusal.retryAfterSeconds * 1000));
  const { status, body, headers } = answerOf(outcome);
  return Response.json(body, { status, headers });
}
