// The job runner (lib/jobs.ts, pg-boss) on both engines: it starts in the application's
// database, finds a due connection and syncs it, runs the scheduled tasks, and stops.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, mapWorkflow } from "@/app/(admin)/admin/companies/[id]/connections/commands";
import { stableId } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { connectionWorkflows, engineConnections, scheduledTaskRuns, workflowExecutions } from "@/db/schema";
import { startJobRunner, type JobRunner } from "@/lib/jobs";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { startFakeN8n, type FakeN8n } from "../support/fake-n8n";

process.env.CREDENTIAL_KEYS ??= TEST_ONLY_CREDENTIAL_KEYS;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(engines)("job runner on %s", (engine) => {
  let database: TestDatabase;
  let n8n: FakeN8n;
  let runners: JobRunner[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    n8n = await startFakeN8n();
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop({ graceful: false, timeoutMs: 1_000 })));
    await n8n?.close();
    await database?.close();
  });

  it("two workers sync a newly connected n8n once, backfill included, and run the scheduled tasks", async () => {
    n8n.addWorkflow({ id: "wfJobs0000000001", name: "Nightly export" });
    for (let index = 0; index < 12; index += 1) n8n.run("wfJobs0000000001", index % 3 ? "success" : "error", { errorMessage: "boom" });
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const created = await createConnection(contextFor(database.db, admin), {
      companyId: stableId("company:acme"),
      name: "Jobs n8n",
      baseUrl: n8n.url,
      apiKey: n8n.apiKey,
    });
    if (!created.ok || !created.data) throw new Error("connect failed");
    const connectionId = created.data.id;
    await mapWorkflow(contextFor(database.db, admin), {
      connectionId,
      externalWorkflowId: "wfJobs0000000001",
      externalName: "Nightly export",
      target: "new",
      minutesSavedPerRun: "",
    });

    runners = await Promise.all([0, 1].map(() => startJobRunner({ connectionString: database.url, db: database.db, syncConcurrency: 2 })));
    const [mapping] = await until(
      () => database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId)),
      (rows) => rows[0]?.backfilledAt != null,
    );
    expect(mapping?.backfilledAt).not.toBeNull();
    const runs = await database.db.select().from(workflowExecutions).where(eq(workflowExecutions.workflowId, mapping?.workflowId ?? ""));
    expect(runs).toHaveLength(12);
    const [connection] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(connection).toMatchObject({ runsImported: 12, consecutiveFailures: 0, leaseId: null });

    // pg-boss's cron fires on the minute: wait for the scheduled slots (at most ~70 s)
    const slots = await until(() => database.db.select().from(scheduledTaskRuns), (rows) => rows.length >= 6, 75_000);
    expect(slots.map((row) => row.task).sort()).toEqual(["alerts.evaluate", "billing.overdue", "ingestion.prune", "notifications.digest", "notifications.email", "notifications.retention", "rollups.prune"]);
  }, 120_000);
});
