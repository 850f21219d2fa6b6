// Runs settle the same whatever the delivery order (issue 16): the final row (start,
// status, finish, duration, minutes saved, error message) is a function of the set of
// reports received, singles or batches, and the rollups equal a recomputation from raw runs.
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hourlyRetentionStart } from "@/db/queries/rollups";
import { stableId } from "@/db/seed";
import { workflowExecutions } from "@/db/schema";
import { recordRuns, type RunReport } from "@/lib/record-runs";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const WORKFLOW = stableId("workflow:acme:Customs document check");
const BASE = Date.parse("2026-11-18T23:59:50Z"); // near midnight: starts fall on two days

type Draft = Omit<RunReport, "workflowId" | "externalId">;

const report: fc.Arbitrary<Draft> = fc
  .record({
    status: fc.constantFrom("running", "succeeded", "failed", "cancelled"),
    start: fc.constantFrom(0, 5_000, 15_000),
    finish: fc.constantFrom(20_000, 30_000),
    error: fc.constantFrom(null, "Timeout", "Bad gateway"),
  })
  .map(({ status, start, finish, error }) => ({
    status,
    startedAt: new Date(BASE + start).toISOString(),
    finishedAt: status === "running" ? null : new Date(BASE + finish).toISOString(),
    errorMessage: status === "failed" ? error : null,
  }));

async function rollupDrift(db: TestDatabase["db"]) {
  return db.execute(sql`
    WITH raw AS (
      SELECT workflow_id, (started_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS runs,
        (count(*) FILTER (WHERE status = 'running'))::int AS running, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
        (count(*) FILTER (WHERE status = 'failed'))::int AS failed, (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
        coalesce(sum(duration_ms), 0)::bigint AS total_duration_ms,
        coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::bigint AS minutes_saved
      FROM workflow_executions WHERE workflow_id = ${WORKFLOW} GROUP BY 1, 2
    ),
    rollup AS (
      SELECT workflow_id, day, runs, running, succeeded, failed, cancelled, total_duration_ms, minutes_saved
      FROM execution_daily_stats WHERE workflow_id = ${WORKFLOW} AND (runs <> 0 OR total_duration_ms <> 0)
    ),
    hourly_raw AS (
      SELECT date_trunc('hour', started_at AT TIME ZONE 'UTC') AS hour, count(*)::int AS runs,
        (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded, (count(*) FILTER (WHERE status = 'failed'))::int AS failed
      FROM workflow_executions WHERE workflow_id = ${WORKFLOW} AND started_at >= ${hourlyRetentionStart(SEED_NOW).toISOString()}::timestamptz
      GROUP BY 1
    ),
    -- the hours the hourly rollup keeps (the seed's, before BASE: db/queries/rollups.ts)
    hourly AS (SELECT hour AT TIME ZONE 'UTC' AS hour, runs, succeeded, failed FROM execution_hourly_stats WHERE workflow_id = ${WORKFLOW} AND runs <> 0
      AND hour >= ${hourlyRetentionStart(SEED_NOW).toISOString()}::timestamptz)
    SELECT 'daily' AS kind, count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM raw)) d
    UNION ALL
    SELECT 'hourly', count(*)::int FROM ((SELECT * FROM hourly_raw EXCEPT SELECT * FROM hourly) UNION ALL (SELECT * FROM hourly EXCEPT SELECT * FROM hourly_raw)) h
  `);
}

describe.each(engines)("run settlement on %s", (engine) => {
  let database: TestDatabase;
  let run = 0;
  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function finalRow(externalId: string) {
    const [row] = await database.db
      .select({
        status: workflowExecutions.status,
        startedAt: workflowExecutions.startedAt,
        finishedAt: workflowExecutions.finishedAt,
        durationMs: workflowExecutions.durationMs,
        minutesSaved: workflowExecutions.minutesSaved,
        errorMessage: workflowExecutions.errorMessage,
      })
      .from(workflowExecutions)
      .where(eq(workflowExecutions.externalId, externalId));
    return row;
  }

  it("settles on the same final row for every order, as singles or as one batch, with exact rollups", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(report, { minLength: 1, maxLength: 6 }),
        fc.infiniteStream(fc.nat()),
        async (drafts, randomness) => {
          run += 1;
          const ids = [`settle-${run}-a`, `settle-${run}-b`, `settle-${run}-c`];
          const orders = [drafts, shuffle(drafts, randomness), shuffle(drafts, randomness)];
          for (const [index, order] of orders.entries()) {
            const reports = order.map((draft) => ({ ...draft, workflowId: WORKFLOW, externalId: ids[index] ?? "" }));
            if (index === 2) await recordRuns(database.db, ACME, reports);
            else for (const single of reports) await recordRuns(database.db, ACME, [single]);
          }
          const [first, second, third] = await Promise.all(ids.map(finalRow));
          expect(second).toEqual(first);
          expect(third).toEqual(first);
        },
      ),
      { numRuns: 40, seed: 20261206 },
    );
    expect((await rollupDrift(database.db)).map((row) => row.n)).toEqual([0, 0]);
  }, 240_000);

  it("keeps the later finish of two reports with the same status, whichever arrives first", async () => {
    const early = { status: "succeeded" as const, startedAt: new Date(BASE).toISOString(), finishedAt: new Date(BASE + 10_000).toISOString() };
    const late = { ...early, finishedAt: new Date(BASE + 40_000).toISOString() };
    await recordRuns(database.db, ACME, [{ ...early, workflowId: WORKFLOW, externalId: "same-status-1" }]);
    await recordRuns(database.db, ACME, [{ ...late, workflowId: WORKFLOW, externalId: "same-status-1" }]);
    await recordRuns(database.db, ACME, [{ ...late, workflowId: WORKFLOW, externalId: "same-status-2" }]);
    await recordRuns(database.db, ACME, [{ ...early, workflowId: WORKFLOW, externalId: "same-status-2" }]);
    expect((await finalRow("same-status-1"))?.durationMs).toBe(40_000);
    expect(await finalRow("same-status-2")).toEqual(await finalRow("same-status-1"));
  });
});

function shuffle<T>(items: readonly T[], randomness: fc.Stream<number>): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const next = randomness.next();
    const swap = (next.done ? 0 : next.value) % (index + 1);
    [copy[index], copy[swap]] = [copy[swap] as T, copy[index] as T];
  }
  return copy;
}
