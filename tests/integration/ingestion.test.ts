// POST /api/v1/executions (PRODUCT.md §5), through the same function the route calls,
// on real engines: idempotency, ordering, concurrency, rejections, and exact rollups.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertIngestionKey } from "@/db/queries/ingestion-keys";
import { writeIngestionLimits } from "@/db/queries/ingestion-limits";
import { hourlyRetentionStart } from "@/db/queries/rollups";
import { stableId } from "@/db/seed";
import { generateIngestionKey, ingestExecution, MAX_BODY_BYTES } from "@/lib/ingestion";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";

// the first hour the seeded hourly rollup holds
const KEPT_FROM = sql`${hourlyRetentionStart(SEED_NOW).toISOString()}::timestamptz`;

const ACME = stableId("company:acme");
const ACME_WORKFLOW = stableId("workflow:acme:Shipment status sync");
const ACME_OTHER_WORKFLOW = stableId("workflow:acme:Freight invoice matching");
const COPPERLEAF_WORKFLOW = stableId("workflow:copperleaf:Lead routing");

function post(key: string | null, body: unknown, raw?: string): Request {
  return new Request("http://nexus.test/api/v1/executions", {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
}

/** Every rollup row that differs from the aggregate over raw runs (empty when exact). */
async function rollupDrift(db: TestDatabase["db"]) {
  return db.execute(sql`
    WITH raw AS (
      SELECT company_id, workflow_id, (started_at AT TIME ZONE 'UTC')::date AS day,
        count(*)::int AS runs, (count(*) FILTER (WHERE status = 'running'))::int AS running,
        (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
        (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
        (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
        coalesce(sum(duration_ms), 0)::bigint AS total_duration_ms,
        coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::bigint AS minutes_saved
      FROM workflow_executions GROUP BY 1, 2, 3
    ),
    rollup AS (
      SELECT company_id, workflow_id, day, runs, running, succeeded, failed, cancelled, total_duration_ms, minutes_saved
      FROM execution_daily_stats WHERE runs <> 0 OR running <> 0 OR total_duration_ms <> 0
    )
    (SELECT * FROM raw EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM raw) LIMIT 5
  `).then(async (daily) => [
    ...daily,
    ...(await db.execute(sql`
      WITH raw AS (
        SELECT workflow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
          count(*)::int AS runs, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
          (count(*) FILTER (WHERE status = 'failed'))::int AS failed
        FROM workflow_executions WHERE started_at >= ${KEPT_FROM} GROUP BY 1, 2
      ),
      -- the hours the hourly rollup keeps (the seed rebuilt only those: db/queries/rollups.ts)
      rollup AS (SELECT workflow_id, hour, runs, succeeded, failed FROM execution_hourly_stats WHERE runs <> 0 AND hour >= ${KEPT_FROM})
      (SELECT * FROM raw EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM raw) LIMIT 5
    `)),
  ]);
}

async function runsOf(db: TestDatabase["db"], externalId: string) {
  return db.execute<{ status: string; minutes_saved: number | null; finished_at: Date | null }>(sql`
    SELECT status, minutes_saved, finished_at FROM workflow_executions WHERE external_id = ${externalId}
  `);
}

async function fingerprint(db: TestDatabase["db"]) {
  const [row] = await db.execute<{ runs: number; stats: string }>(sql`
    SELECT (SELECT count(*)::int FROM workflow_executions) AS runs,
           (SELECT md5(string_agg(to_jsonb(s)::text, ',' ORDER BY workflow_id, day)) FROM execution_daily_stats s) AS stats
  `);
  return row;
}

describe.each(engines)("ingestion on %s", (engine) => {
  let database: TestDatabase;
  let key: string;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    const generated = generateIngestionKey();
    key = generated.key;
    await insertIngestionKey(database.db, { companyId: ACME, name: "test", prefix: generated.prefix, keyHash: generated.keyHash, createdById: null });
    // these tests are about recording: limits far above what they send (ingestion-limits.test.ts has the limits)
    const high = { keyRatePerMinute: 600_000, keyBurst: 100_000, companyRatePerMinute: 600_000, companyBurst: 100_000 };
    await writeIngestionLimits(database.db, { companyId: ACME, values: high, updatedById: null });
  });
  afterAll(async () => {
    await database?.close();
  });

  const run = (externalId: string, status: string, extra: Record<string, unknown> = {}) => ({
    workflowId: ACME_WORKFLOW,
    externalId,
    status,
    startedAt: "2026-11-20T10:00:00Z",
    ...(status === "running" ? {} : { finishedAt: "2026-11-20T10:00:42Z" }),
    ...extra,
  });

  it("records a run once however often it is delivered", async () => {
    const first = await ingestExecution(database.db, post(key, run("dup-1", "succeeded")));
    const second = await ingestExecution(database.db, post(key, run("dup-1", "succeeded")));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(await runsOf(database.db, "dup-1")).toHaveLength(1);
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("stores the minutes saved in force when the run finished", async () => {
    await ingestExecution(database.db, post(key, run("minutes-1", "running")));
    await database.db.execute(sql`UPDATE workflows SET minutes_saved_per_run = 11 WHERE id = ${ACME_WORKFLOW}`);
    await ingestExecution(database.db, post(key, run("minutes-1", "succeeded")));
    await database.db.execute(sql`UPDATE workflows SET minutes_saved_per_run = 3 WHERE id = ${ACME_WORKFLOW}`);
    const [row] = await runsOf(database.db, "minutes-1");
    expect(row?.minutes_saved).toBe(11);
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("leaves one row and exact rollups after 50 concurrent deliveries of one run", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        ingestExecution(database.db, post(key, run("concurrent-1", index % 2 === 0 ? "running" : "succeeded"))),
      ),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(1);
    expect(results.every((result) => result.status === 200 || result.status === 201)).toBe(true);
    const rows = await runsOf(database.db, "concurrent-1");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe("succeeded");
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("keeps a succeeded run succeeded when a late running arrives", async () => {
    await ingestExecution(database.db, post(key, run("late-1", "succeeded")));
    const late = await ingestExecution(database.db, post(key, run("late-1", "running")));
    expect(late.status).toBe(200);
    expect((await runsOf(database.db, "late-1"))[0]?.status).toBe("succeeded");
  });

  it("settles out-of-order finishes on the same final state in any order", async () => {
    const failed = run("order-a", "failed", { finishedAt: "2026-11-20T10:01:00Z", errorMessage: "boom" });
    const succeeded = run("order-a", "succeeded", { finishedAt: "2026-11-20T10:02:00Z" });
    await ingestExecution(database.db, post(key, succeeded));
    await ingestExecution(database.db, post(key, failed));
    await ingestExecution(database.db, post(key, { ...failed, externalId: "order-b" }));
    await ingestExecution(database.db, post(key, { ...succeeded, externalId: "order-b" }));
    expect((await runsOf(database.db, "order-a"))[0]?.status).toBe("succeeded");
    expect((await runsOf(database.db, "order-b"))[0]?.status).toBe("succeeded");
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("answers 401 for a missing, wrong or revoked key", async () => {
    expect((await ingestExecution(database.db, post(null, run("auth-1", "running")))).status).toBe(401);
    expect((await ingestExecution(database.db, post("nxk_wrong", run("auth-1", "running")))).status).toBe(401);
    const revoked = generateIngestionKey();
    await insertIngestionKey(database.db, { companyId: ACME, name: "old", prefix: revoked.prefix, keyHash: revoked.keyHash, createdById: null });
    await database.db.execute(sql`UPDATE ingestion_keys SET revoked_at = now() WHERE key_hash = ${revoked.keyHash}`);
    expect((await ingestExecution(database.db, post(revoked.key, run("auth-1", "running")))).status).toBe(401);
    expect(await runsOf(database.db, "auth-1")).toHaveLength(0);
  });

  it("answers 404 for another company's workflow and writes nothing", async () => {
    const before = await fingerprint(database.db);
    const outcome = await ingestExecution(database.db, post(key, run("other-1", "succeeded", { workflowId: COPPERLEAF_WORKFLOW })));
    expect(outcome.status).toBe(404);
    expect(await fingerprint(database.db)).toEqual(before);
  });

  it("rejects bad input with a clear message and changes nothing", async () => {
    const before = await fingerprint(database.db);
    const cases: [Request, number, RegExp][] = [
      [post(key, null, "{not json"), 400, /not valid JSON/],
      [post(key, run("bad-1", "exploded")), 400, /status must be one of/],
      [post(key, run("bad-2", "succeeded", { finishedAt: "2026-11-20T09:00:00Z" })), 400, /finishedAt must not be before startedAt/],
      [post(key, run("bad-3", "succeeded", { finishedAt: undefined })), 400, /finishedAt is required/],
      [post(key, run("bad-4", "running", { workflowId: "nope" })), 400, /workflowId/],
      [post(key, run("bad-5", "running", { extra: true })), 400, /extra|Unrecognized/i],
      [post(key, null, JSON.stringify({ ...run("big-1", "running"), errorMessage: "x".repeat(MAX_BODY_BYTES) })), 413, /larger than 64 KB/],
    ];
    for (const [request, status, message] of cases) {
      const outcome = await ingestExecution(database.db, request);
      expect(outcome.status).toBe(status);
      expect("error" in outcome ? outcome.error : "").toMatch(message);
    }
    expect(await fingerprint(database.db)).toEqual(before);
  });

  it("records a batch in order, one answer per report, with exact rollups", async () => {
    const outcome = await ingestExecution(
      database.db,
      post(key, {
        runs: [
          run("batch-1", "running"),
          run("batch-2", "succeeded", { workflowId: ACME_OTHER_WORKFLOW }),
          run("batch-1", "failed", { errorMessage: "timeout" }),
          run("dup-1", "succeeded"),
        ],
      }),
    );
    expect(outcome.status).toBe(200);
    const answers = "batch" in outcome ? outcome.batch : [];
    expect(answers.map(({ created, changed, execution }) => [created, changed, execution.status])).toEqual([
      [true, true, "running"],
      [true, true, "succeeded"],
      [false, true, "failed"],
      [false, false, "succeeded"],
    ]);
    expect(answers[0]?.execution.id).toBe(answers[2]?.execution.id);
    expect((await runsOf(database.db, "batch-1"))[0]?.status).toBe("failed");
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("refuses a whole batch for one bad report or one foreign workflow, naming it", async () => {
    const before = await fingerprint(database.db);
    const bad = await ingestExecution(database.db, post(key, { runs: [run("batch-bad-1", "running"), run("batch-bad-2", "exploded")] }));
    expect(bad.status).toBe(400);
    expect("error" in bad ? bad.error : "").toMatch(/runs\.1: status must be one of/);
    const foreign = await ingestExecution(
      database.db,
      post(key, { runs: [run("batch-bad-3", "running"), run("batch-bad-4", "running", { workflowId: COPPERLEAF_WORKFLOW })] }),
    );
    expect(foreign.status).toBe(404);
    expect("error" in foreign ? foreign.error : "").toMatch(/^runs\.1: No workflow/);
    const empty = await ingestExecution(database.db, post(key, { runs: [] }));
    expect(empty.status).toBe(400);
    const tooMany = await ingestExecution(database.db, post(key, { runs: Array.from({ length: 101 }, (_, index) => run(`batch-many-${index}`, "running")) }));
    expect("error" in tooMany ? tooMany.error : "").toMatch(/at most 100/);
    expect(await fingerprint(database.db)).toEqual(before);
  });

  it("keeps rollups exact when batches and single reports of the same runs race", async () => {
    const batch = (from: number) => ({
      runs: Array.from({ length: 20 }, (_, index) =>
        run(`race-${(from + index) % 30}`, index % 3 === 0 ? "running" : "succeeded", {
          workflowId: index % 2 === 0 ? ACME_WORKFLOW : ACME_OTHER_WORKFLOW,
          startedAt: `2026-11-${18 + (index % 3)}T10:00:00Z`,
          ...(index % 3 === 0 ? {} : { finishedAt: `2026-11-${18 + (index % 3)}T10:00:30Z` }),
        }),
      ),
    });
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, index) => ingestExecution(database.db, post(key, batch(index * 7)))),
      ...Array.from({ length: 6 }, (_, index) => ingestExecution(database.db, post(key, batch(index * 7).runs[index]))),
    ]);
    expect(results.map((result) => result.status).every((status) => status === 200 || status === 201)).toBe(true);
    expect(await rollupDrift(database.db)).toEqual([]);
  });

  it("keeps every rollup exact after a random sequence of 1,000 updates", async () => {
    const statuses = ["running", "succeeded", "failed", "cancelled"] as const;
    const update = fc.record({
      run: fc.integer({ min: 0, max: 120 }),
      workflow: fc.constantFrom(ACME_WORKFLOW, ACME_OTHER_WORKFLOW),
      status: fc.constantFrom(...statuses),
      day: fc.integer({ min: 0, max: 3 }),
      seconds: fc.integer({ min: 1, max: 3_600 }),
    });
    const sequence = fc.sample(fc.array(update, { minLength: 1_000, maxLength: 1_000 }), { numRuns: 1, seed: 2026 })[0] ?? [];
    for (const step of sequence) {
      const startedAt = new Date(Date.UTC(2026, 10, 17 + step.day, 23, 30));
      const body = {
        workflowId: step.workflow,
        externalId: `random-${step.run}`,
        status: step.status,
        startedAt: startedAt.toISOString(),
        ...(step.status === "running" ? {} : { finishedAt: new Date(startedAt.getTime() + step.seconds * 1000).toISOString() }),
      };
      const outcome = await ingestExecution(database.db, post(key, body));
      expect([200, 201]).toContain(outcome.status);
    }
    expect(await rollupDrift(database.db)).toEqual([]);
    // a thousand requests one after another, each through the rate limiter's statement too
  }, 180_000);
});
