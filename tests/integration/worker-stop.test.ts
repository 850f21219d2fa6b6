// Stopping the job worker mid-sync (issue 19): `npm run worker` gets SIGTERM while it is
// backfilling a slow n8n (tests/support/fake-n8n.ts). It must exit promptly with every
// process of its tree, hand the connection back (lease released, due again at once), and a
// restarted worker must finish the sync: every execution recorded exactly once, none
// missing, rollups equal to the raw runs. The worker is the real script, run by npm.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, mapWorkflow } from "@/app/(admin)/admin/companies/[id]/connections/commands";
import { stableId } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { connectionWorkflows, engineConnections, workflowExecutions } from "@/db/schema";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, type TestDatabase } from "../support/databases";
import { startFakeN8n, type FakeN8n } from "../support/fake-n8n";
import { processTree, spawnNpm, waitForExitOfAll, waitUntil, type Spawned } from "../support/processes";

const ACME = stableId("company:acme");
const EXECUTIONS = 900;

describe("npm run worker stopped during an n8n sync", () => {
  let database: TestDatabase;
  let n8n: FakeN8n;
  let connectionId = "";
  let workflowId = "";
  let worker: Spawned | null = null;

  const startWorker = () =>
    spawnNpm("worker", {
      ...process.env,
      DATABASE_URL: database.url,
      CREDENTIAL_KEYS: TEST_ONLY_CREDENTIAL_KEYS,
      CONNECTORS_ALLOW_PRIVATE_NETWORKS: "true",
      STOP_GRACE_SECONDS: "10",
      LOG_LEVEL: "info",
    });

  const recorded = async () => {
    const [row] = await database.db.execute<{ runs: number; distinct: number }>(sql`
      SELECT count(*)::int AS runs, count(DISTINCT external_id)::int AS distinct
      FROM workflow_executions WHERE workflow_id = ${workflowId}
    `);
    return row ?? { runs: 0, distinct: 0 };
  };

  beforeAll(async () => {
    database = await createSeededDatabase("pglite");
    process.env.CREDENTIAL_KEYS ??= TEST_ONLY_CREDENTIAL_KEYS;
    n8n = await startFakeN8n();
    n8n.addWorkflow({ id: "wfBackfill000001", name: "Order intake", active: true });
    const now = Date.now();
    for (let index = 0; index < EXECUTIONS; index += 1) {
      n8n.run("wfBackfill000001", index % 150 === 7 ? "error" : "success", {
        startedAt: new Date(now - (EXECUTIONS - index) * 7 * 60_000),
        seconds: 5 + (index % 40),
        errorMessage: "Timeout",
      });
    }
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const created = await createConnection(contextFor(database.db, admin), {
      companyId: ACME,
      name: "Slow n8n",
      baseUrl: n8n.url,
      apiKey: n8n.apiKey,
    });
    if (!created.ok || !created.data) throw new Error(`connect failed: ${JSON.stringify(created)}`);
    connectionId = created.data.id;
    const mapped = await mapWorkflow(contextFor(database.db, admin), {
      connectionId,
      externalWorkflowId: "wfBackfill000001",
      externalName: "Order intake",
      target: "new",
      minutesSavedPerRun: "4",
    });
    expect(mapped).toMatchObject({ ok: true });
    const [mapping] = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
    workflowId = mapping?.workflowId ?? "";
    // a slow n8n: the backfill takes many seconds, page by page
    n8n.delayMs = 250;
  });

  afterAll(async () => {
    if (worker && processTree(worker.pid).length > 0) for (const pid of processTree(worker.pid)) process.kill(pid, "SIGKILL");
    await n8n?.close();
    await database?.close();
  });

  it("stops on SIGTERM mid-sync, promptly, handing the connection back", async () => {
    worker = startWorker();
    const running = worker;
    // part of the backfill is in: the sync is in the middle
    await waitUntil(async () => (await recorded()).runs >= 200, 90_000, `the backfill to start\n${running.output()}`);
    const tree = processTree(running.pid);
    expect(tree.length).toBeGreaterThanOrEqual(1);
    const signalled = Date.now();
    process.kill(running.pid, "SIGTERM");
    const { code, signal } = await running.exited;
    const took = Date.now() - signalled;
    expect({ code, signal }, running.output()).toEqual({ code: 0, signal: null });
    // the sync stopped after its page in flight, not at the end of the grace
    expect(took).toBeLessThan(8_000);
    await waitForExitOfAll(tree, 5_000);
    expect(running.output()).toContain("n8n sync interrupted");

    const at = await recorded();
    expect(at.runs).toBeLessThan(EXECUTIONS);
    expect(at.distinct).toBe(at.runs);
    const [connection] = await database.db
      .select({ leaseId: engineConnections.leaseId, nextSyncAt: engineConnections.nextSyncAt })
      .from(engineConnections)
      .where(eq(engineConnections.id, connectionId));
    expect(connection?.leaseId).toBeNull(); // handed back, not held until the lease expires
    expect(connection?.nextSyncAt.getTime()).toBeLessThanOrEqual(Date.now());
    // nothing is written once it has exited
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await recorded()).runs).toBe(at.runs);
  });

  it("a restarted worker resumes the sync: no duplicate, no gap, rollups equal to raw runs", async () => {
    n8n.delayMs = 20;
    worker = startWorker();
    const running = worker;
    await waitUntil(
      async () => {
        const [mapping] = await database.db
          .select({ backfilledAt: connectionWorkflows.backfilledAt })
          .from(connectionWorkflows)
          .where(eq(connectionWorkflows.connectionId, connectionId));
        return mapping?.backfilledAt ?? null;
      },
      90_000,
      `the backfill to finish\n${running.output()}`,
    );
    const rows = await database.db
      .select({ externalId: workflowExecutions.externalId })
      .from(workflowExecutions)
      .where(eq(workflowExecutions.workflowId, workflowId));
    const ids = rows.map((row) => row.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(n8n.executions.map((execution) => `n8n-${execution.id}`)));

    const drift = await database.db.execute<{ n: number }>(sql`
      WITH raw AS (
        SELECT (started_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS runs,
          (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded, (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
          coalesce(sum(duration_ms), 0)::bigint AS total_duration_ms,
          coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::bigint AS minutes_saved
        FROM workflow_executions WHERE workflow_id = ${workflowId} GROUP BY 1
      ),
      rollup AS (
        SELECT day, runs, succeeded, failed, total_duration_ms, minutes_saved
        FROM execution_daily_stats WHERE workflow_id = ${workflowId} AND runs <> 0
      )
      SELECT count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM raw)) d
    `);
    expect(drift[0]?.n).toBe(0);

    const tree = processTree(running.pid);
    process.kill(running.pid, "SIGTERM");
    expect(await running.exited).toEqual({ code: 0, signal: null });
    await waitForExitOfAll(tree, 5_000);
  });
});
