// The n8n connector against a real n8n 1.123 (issue 14): the workflows of
// ../shared/fixtures/n8n run with `n8n execute`, then Nexus connects, maps, backfills,
// syncs incrementally, takes a run pushed by an n8n HTTP Request node through the ingestion
// API beside the sync, and reports the connection failing once its key is revoked. Checked
// against n8n's own execution list. Runs in .ci/run after `npm test`, on TEST_DATABASE_URL.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, mapWorkflow, testConnection } from "@/app/(admin)/admin/companies/[id]/connections/commands";
import { insertIngestionKey } from "@/db/queries/ingestion-keys";
import { seed, stableId } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { connectionWorkflows, engineConnections, notifications, users, workflowExecutions } from "@/db/schema";
import { generateIngestionKey, ingestExecution } from "@/lib/ingestion";
import { nextSyncDelayMs, syncConnection } from "@/lib/sync";
import { contextFor, viewerFor } from "../support/context";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startN8n, type N8nPeer } from "./support/n8n";

process.env.CREDENTIAL_KEYS ??= TEST_ONLY_CREDENTIAL_KEYS;
process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS = "true";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures/n8n");
const ACME = stableId("company:acme");
// the Nexus workflow the pushing n8n workflow reports to (and is mapped to)
const PUSH_TARGET = stableId("workflow:acme:Exception email triage");
const OK = "NexusOk000000001";
const FAIL = "NexusFail0000001";
const PUSH = "NexusPush0000001";

type N8nApiExecution = { id: string | number; workflowId: string; status: string; data?: { resultData?: { error?: { message?: string } } } };

describe("n8n connector against a real n8n", () => {
  let database: TestDatabase;
  let n8n: N8nPeer;
  let ingestion: http.Server;
  let connectionId = "";
  const time = { now: Date.now() };
  const now = () => new Date(time.now);
  const nextMinute = () => void (time.now += nextSyncDelayMs(0));

  /** n8n's own list of executions (the public API), newest first. */
  async function n8nExecutions(): Promise<N8nApiExecution[]> {
    const all: N8nApiExecution[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL("/api/v1/executions", n8n.url);
      url.searchParams.set("includeData", "true");
      url.searchParams.set("limit", "100");
      if (cursor) url.searchParams.set("cursor", cursor);
      const response = await fetch(url, { headers: { "X-N8N-API-KEY": n8n.apiKey } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: N8nApiExecution[]; nextCursor?: string | null };
      all.push(...body.data);
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  async function nexusRuns(workflowId: string) {
    return database.db
      .select({ externalId: workflowExecutions.externalId, status: workflowExecutions.status, errorMessage: workflowExecutions.errorMessage })
      .from(workflowExecutions)
      .where(eq(workflowExecutions.workflowId, workflowId));
  }

  async function mappedWorkflow(externalWorkflowId: string): Promise<string> {
    const [row] = await database.db
      .select({ workflowId: connectionWorkflows.workflowId })
      .from(connectionWorkflows)
      .where(and(eq(connectionWorkflows.connectionId, connectionId), eq(connectionWorkflows.externalWorkflowId, externalWorkflowId)));
    if (!row) throw new Error(`${externalWorkflowId} is not mapped`);
    return row.workflowId;
  }

  beforeAll(async () => {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("The peer suite needs TEST_DATABASE_URL (a loopback PostgreSQL superuser URL), as .ci/run sets it.");
    database = await createTestDatabase("postgres");
    await seed(database.db, { credentialKeys: TEST_ONLY_CREDENTIAL_KEYS });

    // the ingestion API, served by the function its route handler calls
    ingestion = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        const headers = new Headers();
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
        ingestExecution(database.db, new Request(`http://127.0.0.1${request.url ?? "/"}`, { method: request.method, headers, body }))
          .then((outcome) => {
            response.writeHead(outcome.status, { "content-type": "application/json" });
            response.end(JSON.stringify(outcome));
          })
          .catch((error: unknown) => response.writeHead(500).end(String(error)));
      });
    });
    await new Promise<void>((resolve) => ingestion.listen(0, "127.0.0.1", resolve));
    const nexusUrl = `http://127.0.0.1:${(ingestion.address() as AddressInfo).port}`;
    const key = generateIngestionKey();
    await insertIngestionKey(database.db, { companyId: ACME, name: "n8n push", prefix: key.prefix, keyHash: key.keyHash, createdById: null });

    n8n = await startN8n({ postgresAdminUrl: adminUrl });
    const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as unknown[];
    const pushing = readFileSync(path.join(FIXTURES, "reports-to-nexus.json"), "utf8")
      .replaceAll("NEXUS_URL", nexusUrl)
      .replaceAll("NEXUS_KEY", key.key)
      .replaceAll("NEXUS_WORKFLOW_ID", PUSH_TARGET);
    await n8n.importWorkflows([...fixture("succeeds.json"), ...fixture("fails.json"), ...(JSON.parse(pushing) as unknown[])]);
    // history from before Nexus knew the instance
    await n8n.execute(OK);
    await n8n.execute(FAIL);
    await n8n.execute(OK);
  });

  afterAll(async () => {
    await n8n?.stop();
    await new Promise<void>((resolve) => (ingestion ? ingestion.close(() => resolve()) : resolve()));
    await database?.close();
  });

  it("connects, tests, maps, and backfills exactly what n8n holds, statuses and error messages included", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const context = contextFor(database.db, admin);
    const tested = await testConnection(context, { companyId: ACME, baseUrl: n8n.url, apiKey: n8n.apiKey });
    expect(tested).toMatchObject({ ok: true, data: { ok: true, workflows: 3 } });

    const created = await createConnection(context, { companyId: ACME, name: "Acme n8n", baseUrl: n8n.url, apiKey: n8n.apiKey });
    if (!created.ok || !created.data) throw new Error(JSON.stringify(created));
    connectionId = created.data.id;
    for (const [externalWorkflowId, externalName, target] of [
      [OK, "Nightly sync", "new"],
      [FAIL, "Broken sync", "new"],
      [PUSH, "Invoice intake", PUSH_TARGET],
    ] as const) {
      expect(await mapWorkflow(context, { connectionId, externalWorkflowId, externalName, target, minutesSavedPerRun: "7" })).toMatchObject({ ok: true });
    }

    // the sync's clock starts now: the connection is due from its creation on
    time.now = Date.now() + 1_000;
    expect(await syncConnection(database.db, connectionId, { now })).toMatchObject({ status: "ok", imported: 3, backfilled: 3 });

    const truth = await n8nExecutions();
    expect(truth).toHaveLength(3);
    for (const execution of truth) {
      const workflowId = await mappedWorkflow(execution.workflowId);
      const [run] = (await nexusRuns(workflowId)).filter((item) => item.externalId === `n8n-${execution.id}`);
      expect(run, `execution ${execution.id}`).toBeDefined();
      expect(run?.status).toBe(execution.status === "success" ? "succeeded" : "failed");
      if (execution.status === "error") {
        expect(run?.errorMessage).toBe(execution.data?.resultData?.error?.message);
        expect(run?.errorMessage).toBe("The service refused the connection - perhaps it is offline");
      }
    }
    const failing = await mappedWorkflow(FAIL);
    const [rollup] = await database.db.execute<{ runs: number; failed: number }>(
      sql`SELECT sum(runs)::int AS runs, sum(failed)::int AS failed FROM execution_daily_stats WHERE workflow_id = ${failing}`,
    );
    expect(rollup).toEqual({ runs: 1, failed: 1 });
  });

  it("imports exactly the executions that run after it, on the next sync", async () => {
    const before = new Set((await n8nExecutions()).map((execution) => String(execution.id)));
    await n8n.execute(OK);
    await n8n.execute(FAIL);
    const added = (await n8nExecutions()).filter((execution) => !before.has(String(execution.id)));
    expect(added).toHaveLength(2);
    nextMinute();
    expect(await syncConnection(database.db, connectionId, { now })).toMatchObject({ status: "ok", imported: 2 });
    const imported = [...(await nexusRuns(await mappedWorkflow(OK))), ...(await nexusRuns(await mappedWorkflow(FAIL)))].map((run) => run.externalId);
    for (const execution of added) expect(imported).toContain(`n8n-${execution.id}`);
    expect(imported).toHaveLength(5);
  });

  it("takes a run pushed by an n8n HTTP Request node, and the sync of the same execution adds nothing", async () => {
    await n8n.execute(PUSH);
    const pushed = (await nexusRuns(PUSH_TARGET)).filter((run) => run.externalId.startsWith("n8n-"));
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.status).toBe("succeeded");
    const [execution] = (await n8nExecutions()).filter((item) => item.workflowId === PUSH);
    expect(pushed[0]?.externalId).toBe(`n8n-${execution?.id}`);
    nextMinute();
    expect(await syncConnection(database.db, connectionId, { now })).toMatchObject({ status: "ok", imported: 0 });
    expect((await nexusRuns(PUSH_TARGET)).filter((run) => run.externalId.startsWith("n8n-"))).toHaveLength(1);
  });

  it("shows a revoked key as the connection's error and tells the staff once", async () => {
    await n8n.revokeApiKey();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      time.now += nextSyncDelayMs(attempt);
      const outcome = await syncConnection(database.db, connectionId, { now });
      expect(outcome).toMatchObject({ status: "failed", notified: attempt === 3 });
    }
    const [connection] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(connection?.lastError).toMatch(/refused the API key/);
    expect(connection?.consecutiveFailures).toBe(4);
    const told = await database.db
      .select({ email: users.email })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.type, "connection_failing"));
    expect(told.map((row) => row.email).sort()).toEqual(["admin@nexus.example.com", "sam@nexus.example.com"]);
  });
});
