// Pulling runs from n8n (PRODUCT.md §5; issue 14) on both engines, against the n8n API
// stand-in (tests/support/fake-n8n.ts; the real n8n is proven in tests/peer/): mapping
// rules, status mapping, backfill and incremental syncs, idempotency under repeated and
// overlapping syncs and beside pushed reports, hostile answers, backoff and recovery, one
// notice after three failures, one sync of a connection at a time, and the cron route.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createConnection,
  mapWorkflow,
  setConnectionStatusCommand,
  testConnection,
} from "@/app/(admin)/admin/companies/[id]/connections/commands";
import { GET as cronTick } from "@/app/api/cron/tick/route";
import { insertIngestionKey } from "@/db/queries/ingestion-keys";
import { reencryptConnectionKeys } from "@/db/queries/connections";
import { stableId } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { auditLog, connectionWorkflows, engineConnections, notifications, users, workflowExecutions, workflows } from "@/db/schema";
import { parseCredentialKeys } from "@/lib/credential-keys";
import { generateIngestionKey, ingestExecution } from "@/lib/ingestion";
import { runDueTasks } from "@/lib/scheduled-tasks";
import { nextSyncDelayMs, reportOfExecution, syncConnection } from "@/lib/sync";
import { contextFor, viewerFor } from "../support/context";
import { inboxOf } from "../support/notifications";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { startFakeN8n, type FakeN8n } from "../support/fake-n8n";

process.env.CREDENTIAL_KEYS ??= TEST_ONLY_CREDENTIAL_KEYS;

const ACME = stableId("company:acme");
const ACME_WORKFLOW = stableId("workflow:acme:Shipment status sync");
const COPPERLEAF = stableId("company:copperleaf");

/**
 * A clock the syncs read, moved forward by the tests (a sync is due a minute after the
 * last); it starts a little ahead, so connections made after it are already due.
 */
function clock(start = new Date(Date.now() + 10_000)) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), at: () => new Date(now) };
}

async function runsOf(db: TestDatabase["db"], workflowId: string) {
  return db
    .select({
      externalId: workflowExecutions.externalId,
      status: workflowExecutions.status,
      errorMessage: workflowExecutions.errorMessage,
      minutesSaved: workflowExecutions.minutesSaved,
      finishedAt: workflowExecutions.finishedAt,
    })
    .from(workflowExecutions)
    .where(eq(workflowExecutions.workflowId, workflowId))
    .orderBy(workflowExecutions.externalId);
}

async function rollupOf(db: TestDatabase["db"], workflowId: string) {
  const [row] = await db.execute<{ runs: number; succeeded: number; failed: number; running: number; minutes: number }>(sql`
    SELECT coalesce(sum(runs), 0)::int AS runs, coalesce(sum(succeeded), 0)::int AS succeeded,
      coalesce(sum(failed), 0)::int AS failed, coalesce(sum(running), 0)::int AS running,
      coalesce(sum(minutes_saved), 0)::int AS minutes
    FROM execution_daily_stats WHERE workflow_id = ${workflowId}
  `);
  return row;
}

async function rawOf(db: TestDatabase["db"], workflowId: string) {
  const [row] = await db.execute<{ runs: number; succeeded: number; failed: number; running: number; minutes: number }>(sql`
    SELECT count(*)::int AS runs, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
      (count(*) FILTER (WHERE status = 'failed'))::int AS failed, (count(*) FILTER (WHERE status = 'running'))::int AS running,
      coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::int AS minutes
    FROM workflow_executions WHERE workflow_id = ${workflowId}
  `);
  return row;
}

describe.each(engines)("n8n sync on %s", (engine) => {
  let database: TestDatabase;
  let n8n: FakeN8n;
  let admin: Awaited<ReturnType<typeof viewerFor>>;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    admin = await viewerFor(database.db, "admin@nexus.example.com");
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A fresh n8n with two workflows and a connection of Acme to it; the invoice workflow tracked as a new Nexus workflow. */
  async function connectAcme(options: { track?: boolean } = {}) {
    n8n = await startFakeN8n();
    n8n.addWorkflow({ id: "wfInvoice0000001", name: "Invoice sync", active: true });
    n8n.addWorkflow({ id: "wfOther000000001", name: "Not tracked" });
    const created = await createConnection(contextFor(database.db, admin), {
      companyId: ACME,
      name: `n8n ${Math.random().toString(36).slice(2, 8)}`,
      baseUrl: `${n8n.url}/`,
      apiKey: n8n.apiKey,
    });
    if (!created.ok || !created.data) throw new Error(`connect failed: ${JSON.stringify(created)}`);
    const connectionId = created.data.id;
    let workflowId = "";
    if (options.track !== false) {
      const mapped = await mapWorkflow(contextFor(database.db, admin), {
        connectionId,
        externalWorkflowId: "wfInvoice0000001",
        externalName: "Invoice sync",
        target: "new",
        minutesSavedPerRun: "10",
      });
      expect(mapped).toMatchObject({ ok: true });
      const [mapping] = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
      workflowId = mapping?.workflowId ?? "";
    }
    return { connectionId, workflowId };
  }

  afterEach(async () => {
    await n8n?.close();
  });

  it("backfills every execution of tracked workflows with mapped statuses, errors and minutes, and nothing of untracked ones", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    const day = 86_400_000;
    for (let index = 0; index < 130; index += 1) {
      n8n.run("wfInvoice0000001", index % 10 === 0 ? "error" : "success", {
        startedAt: new Date(time.at().getTime() - (130 - index) * 3_600_000),
        errorMessage: index % 10 === 0 ? `CRM answered 503 on run ${index}` : undefined,
      });
    }
    n8n.run("wfInvoice0000001", "crashed", { startedAt: new Date(time.at().getTime() - day) });
    n8n.run("wfInvoice0000001", "canceled", { startedAt: new Date(time.at().getTime() - day) });
    n8n.run("wfInvoice0000001", "running", { startedAt: new Date(time.at().getTime() - 60_000) });
    n8n.run("wfInvoice0000001", "new");
    for (let index = 0; index < 5; index += 1) n8n.run("wfOther000000001", "success");

    const outcome = await syncConnection(database.db, connectionId, { now: time.now });
    expect(outcome).toMatchObject({ status: "ok", backfilled: 1 });

    const runs = await runsOf(database.db, workflowId);
    // 130 + crashed + canceled + running; the unstarted "new" one waits
    expect(runs).toHaveLength(133);
    const byStatus = (status: string) => runs.filter((run) => run.status === status).length;
    expect([byStatus("succeeded"), byStatus("failed"), byStatus("cancelled"), byStatus("running")]).toEqual([117, 14, 1, 1]);
    const failed = runs.find((run) => run.externalId === "n8n-1");
    expect(failed).toMatchObject({ status: "failed", errorMessage: "CRM answered 503 on run 0" });
    expect(runs.find((run) => run.externalId === "n8n-2")).toMatchObject({ status: "succeeded", minutesSaved: 10 });
    expect(runs.find((run) => run.externalId === "n8n-131")?.errorMessage).toMatch(/crashed/);
    // untracked executions never land anywhere
    const [other] = await database.db.execute<{ count: number }>(
      sql`SELECT count(*)::int AS count FROM workflow_executions WHERE external_id IN ('n8n-135', 'n8n-136', 'n8n-137', 'n8n-138', 'n8n-139') AND company_id = ${ACME}`,
    );
    expect(other?.count).toBe(0);
    expect(await rollupOf(database.db, workflowId)).toEqual(await rawOf(database.db, workflowId));
    // history is not news: the backfill told no client about old failures
    const [told] = await database.db.execute<{ count: number }>(
      sql`SELECT count(*)::int AS count FROM notifications WHERE link = ${`/workflows/${workflowId}`}`,
    );
    expect(told?.count).toBe(0);
    const [connection] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(connection).toMatchObject({ runsImported: 133, consecutiveFailures: 0, lastError: null });
    expect(connection?.lastSyncAt).not.toBeNull();
    const [mapping] = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
    expect(mapping?.backfilledAt).not.toBeNull();
  });

  it("shares a long backfill out over several syncs, a few pages each, going on where it stopped (issue 20)", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    for (let index = 0; index < 450; index += 1) {
      n8n.run("wfInvoice0000001", "success", { startedAt: new Date(time.at().getTime() - (450 - index) * 60_000) });
    }
    const first = await syncConnection(database.db, connectionId, { now: time.now, backfillPages: 2, pauseMs: 0 });
    expect(first).toMatchObject({ status: "ok", backfilled: 0, backfillPending: true });
    // the first sync's first page (the watermark), then two pages of history
    expect(await runsOf(database.db, workflowId)).toHaveLength(200);
    const [pending] = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
    expect(pending).toMatchObject({ backfilledAt: null });
    expect(pending?.backfillCursor).toBeTruthy();
    const [connection] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    // due again soon, not in a minute: the rest of the history follows
    expect(connection?.nextSyncAt?.getTime()).toBe(time.at().getTime() + 5_000);

    time.advance(5_000);
    expect(await syncConnection(database.db, connectionId, { now: time.now, backfillPages: 2, pauseMs: 0 })).toMatchObject({ status: "ok", backfillPending: true });
    expect(await runsOf(database.db, workflowId)).toHaveLength(400);
    time.advance(5_000);
    expect(await syncConnection(database.db, connectionId, { now: time.now, backfillPages: 2, pauseMs: 0 })).toMatchObject({ status: "ok", backfilled: 1, backfillPending: false });
    expect(await runsOf(database.db, workflowId)).toHaveLength(450);
    const [done] = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
    expect(done).toMatchObject({ backfillCursor: null });
    expect(done?.backfilledAt).not.toBeNull();
    expect(await rollupOf(database.db, workflowId)).toEqual(await rawOf(database.db, workflowId));
  });

  it("then imports exactly the new executions, finishes running ones, and tells clients about new failures", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    n8n.run("wfInvoice0000001", "success");
    const running = n8n.run("wfInvoice0000001", "running");
    const waiting = n8n.run("wfInvoice0000001", "new");
    await syncConnection(database.db, connectionId, { now: time.now });
    expect(await runsOf(database.db, workflowId)).toHaveLength(2);

    // not due yet: a second sync within the minute does nothing
    expect(await syncConnection(database.db, connectionId, { now: time.now })).toMatchObject({ status: "skipped" });

    n8n.finish(running.id, "error", { errorMessage: "Timeout calling ERP" });
    n8n.finish(waiting.id, "success");
    n8n.run("wfInvoice0000001", "success");
    n8n.run("wfOther000000001", "error", { errorMessage: "untracked" });
    n8n.run("wfInvoice0000001", "error", { errorMessage: "Bad gateway" });
    time.advance(nextSyncDelayMs(0));
    const second = await syncConnection(database.db, connectionId, { now: time.now });
    expect(second).toMatchObject({ status: "ok", imported: 3 });

    const runs = await runsOf(database.db, workflowId);
    expect(runs.map((run) => [run.externalId, run.status, run.errorMessage])).toEqual([
      ["n8n-1", "succeeded", null],
      ["n8n-2", "failed", "Timeout calling ERP"],
      ["n8n-3", "succeeded", null],
      ["n8n-4", "succeeded", null],
      ["n8n-6", "failed", "Bad gateway"],
    ]);
    expect(await rollupOf(database.db, workflowId)).toEqual(await rawOf(database.db, workflowId));
    // the sync records through the ingestion's path, status history included (issue 17):
    // n8n-2 was imported running and finished failed; a repeated sync added nothing
    const history = await database.db.execute<{ external_id: string; statuses: string }>(sql`
      SELECT e.external_id, string_agg(ev.status::text, ' > ' ORDER BY ev.seen_at, ev.ordinal) AS statuses
      FROM workflow_executions e JOIN run_status_events ev ON ev.run_id = e.id
      WHERE e.workflow_id = ${workflowId} GROUP BY e.external_id ORDER BY e.external_id`);
    expect(history.map((row) => [row.external_id, row.statuses])).toEqual([
      ["n8n-1", "succeeded"],
      ["n8n-2", "running > failed"],
      ["n8n-3", "succeeded"],
      ["n8n-4", "succeeded"],
      ["n8n-6", "failed"],
    ]);
    // both failures of the sync are one notification showing the error heard last: the run
    // that had been running comes from the sync's second pass (unfinished imports), after the new ones
    const told = (await inboxOf(database.db, "olivia@acme.example.com")).filter((item) => item.link === `/workflows/${workflowId}`);
    expect(told.map((item) => [item.type, item.count, item.body])).toEqual([["run_failed", 2, "Timeout calling ERP"]]);
  });

  it("never duplicates or regresses a run under repeated, overlapping syncs and pushed reports of the same execution", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    for (let index = 0; index < 40; index += 1) n8n.run("wfInvoice0000001", index % 4 === 0 ? "error" : "success", { errorMessage: "boom" });
    // the engine also pushes its runs with the documented externalId, some before the sync
    const generated = generateIngestionKey();
    await insertIngestionKey(database.db, { companyId: ACME, name: "push", prefix: generated.prefix, keyHash: generated.keyHash, createdById: null });
    const push = (id: number, status: "running" | "succeeded") =>
      ingestExecution(
        database.db,
        new Request("http://nexus.test/api/v1/executions", {
          method: "POST",
          headers: { authorization: `Bearer ${generated.key}`, "content-type": "application/json" },
          body: JSON.stringify({
            workflowId,
            externalId: `n8n-${id}`,
            status,
            startedAt: n8n.executions[id - 1]?.startedAt,
            ...(status === "running" ? {} : { finishedAt: n8n.executions[id - 1]?.stoppedAt }),
          }),
        }),
      );
    await push(2, "succeeded");
    await push(3, "running");
    // a push racing the sync
    const [pushed] = await Promise.all([push(6, "running"), syncConnection(database.db, connectionId, { now: time.now })]);
    expect(pushed.status).toBeLessThan(300);
    // overlapping pages: forget the watermark and the backfill, sync again, twice
    for (let round = 0; round < 2; round += 1) {
      await database.db
        .update(engineConnections)
        .set({ executionWatermark: null })
        .where(eq(engineConnections.id, connectionId));
      await database.db.update(connectionWorkflows).set({ backfilledAt: null }).where(eq(connectionWorkflows.connectionId, connectionId));
      time.advance(nextSyncDelayMs(0));
      expect(await syncConnection(database.db, connectionId, { now: time.now })).toMatchObject({ status: "ok", imported: 0 });
    }
    const runs = await runsOf(database.db, workflowId);
    expect(runs).toHaveLength(40);
    expect(runs.filter((run) => run.status === "running")).toHaveLength(0);
    expect(runs.find((run) => run.externalId === "n8n-3")?.status).toBe("succeeded");
    // a late "running" push cannot take a finished run back
    await push(3, "running");
    expect((await runsOf(database.db, workflowId)).find((run) => run.externalId === "n8n-3")?.status).toBe("succeeded");
    expect(await rollupOf(database.db, workflowId)).toEqual(await rawOf(database.db, workflowId));
  });

  it("keeps runs n8n later prunes", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    const first = n8n.run("wfInvoice0000001", "success");
    const second = n8n.run("wfInvoice0000001", "running");
    await syncConnection(database.db, connectionId, { now: time.now });
    n8n.prune([first.id, second.id]);
    time.advance(nextSyncDelayMs(0));
    expect(await syncConnection(database.db, connectionId, { now: time.now })).toMatchObject({ status: "ok" });
    expect((await runsOf(database.db, workflowId)).map((run) => [run.externalId, run.status])).toEqual([
      ["n8n-1", "succeeded"],
      ["n8n-2", "running"],
    ]);
  });

  it("lets one worker at a time sync a connection", async () => {
    const time = clock();
    const { connectionId } = await connectAcme();
    for (let index = 0; index < 30; index += 1) n8n.run("wfInvoice0000001", "success");
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => syncConnection(database.db, connectionId, { now: time.now })));
    expect(outcomes.filter((outcome) => outcome.status === "ok")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "skipped")).toHaveLength(3);
  });

  it.each([
    ["malformed", /does not fit|bad|data/i],
    ["oversized", /larger|too large|MB/i],
    ["html", /does not look like an n8n API/i],
    ["server-error", /500/],
  ] as const)("fails a sync on a %s answer with a clear error and writes nothing from it", async (mode, message) => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    n8n.run("wfInvoice0000001", "success");
    n8n.mode = mode;
    const outcome = await syncConnection(database.db, connectionId, { now: time.now, timeoutMs: 2_000 });
    expect(outcome.status).toBe("failed");
    if (outcome.status === "failed") expect(outcome.error).toMatch(message);
    expect(await runsOf(database.db, workflowId)).toHaveLength(0);
    const [connection] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(connection?.lastError).toMatch(message);
    expect(connection?.lastError).not.toContain(n8n.apiKey);
  });

  it("backs off from one minute doubling to an hour, tells the SE and admins once after three failures, and again only after recovering", async () => {
    const time = clock();
    const { connectionId, workflowId } = await connectAcme();
    n8n.revokeKey();
    const staffTold = async () => {
      const rows = await database.db
        .select({ email: users.email })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(and(eq(notifications.type, "connection_failing"), sql`${notifications.link} LIKE ${`%/connections/${connectionId}`}`));
      return rows.map((row) => row.email).sort();
    };
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const outcome = await syncConnection(database.db, connectionId, { now: time.now });
      expect(outcome).toMatchObject({ status: "failed", notified: attempt === 3 });
      if (outcome.status === "failed") expect(outcome.error).toMatch(/refused the API key/);
      const [row] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
      delays.push((row?.nextSyncAt.getTime() ?? 0) - time.at().getTime());
      expect(row?.consecutiveFailures).toBe(attempt);
      time.advance(delays.at(-1) ?? 0);
    }
    expect(delays.map((ms) => ms / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    // Acme's SE (Sam) and the admin, once
    expect(await staffTold()).toEqual(["admin@nexus.example.com", "sam@nexus.example.com"]);

    // recovers by itself once the key works again
    n8n.close();
    const fresh = await startFakeN8n({ apiKey: n8n.apiKey });
    fresh.addWorkflow({ id: "wfInvoice0000001", name: "Invoice sync" });
    fresh.run("wfInvoice0000001", "success");
    await database.db.update(engineConnections).set({ baseUrl: fresh.url }).where(eq(engineConnections.id, connectionId));
    expect(await syncConnection(database.db, connectionId, { now: time.now })).toMatchObject({ status: "ok", imported: 1 });
    expect(await runsOf(database.db, workflowId)).toHaveLength(1);
    const [recovered] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(recovered).toMatchObject({ consecutiveFailures: 0, failureNotifiedAt: null });
    expect((recovered?.nextSyncAt.getTime() ?? 0) - time.at().getTime()).toBe(60_000);

    // fails anew: told again after three more
    fresh.revokeKey();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      time.advance(nextSyncDelayMs(attempt));
      await syncConnection(database.db, connectionId, { now: time.now });
    }
    expect(await staffTold()).toHaveLength(4);
    await fresh.close();
  });

  it("refuses URLs with another scheme or credentials, and addresses that are never contacted", async () => {
    const context = contextFor(database.db, admin);
    const base = { companyId: ACME, name: "Bad", apiKey: "n8n_api_0123456789abcdef" };
    for (const baseUrl of ["ftp://n8n.example.com", "https://user:pass@n8n.example.com", "javascript:alert(1)", "n8n.example.com"]) {
      const result = await createConnection(context, { ...base, baseUrl });
      expect(result, baseUrl).toMatchObject({ ok: false, status: 400 });
      if (!result.ok) expect(result.fieldErrors?.baseUrl?.[0], baseUrl).toBeTruthy();
    }
    const metadata = await testConnection(context, { companyId: ACME, baseUrl: "http://169.254.169.254", apiKey: base.apiKey });
    expect(metadata).toMatchObject({ ok: true, data: { ok: false, kind: "refused_address" } });
    const previous = process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS;
    process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS = "false";
    try {
      const loopback = await testConnection(context, { companyId: ACME, baseUrl: "http://127.0.0.1:9", apiKey: base.apiKey });
      expect(loopback).toMatchObject({ ok: true, data: { ok: false, kind: "refused_address" } });
    } finally {
      if (previous === undefined) delete process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS;
      else process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS = previous;
    }
  });

  it("tests a connection in seconds: found workflows, or one clear reason", async () => {
    const { connectionId } = await connectAcme({ track: false });
    const context = contextFor(database.db, admin);
    expect(await testConnection(context, { connectionId })).toMatchObject({ ok: true, data: { ok: true, workflows: 2 } });
    expect(await testConnection(context, { companyId: ACME, baseUrl: n8n.url, apiKey: "n8n_api_wrong_key_0000000" })).toMatchObject({
      data: { ok: false, kind: "key_refused" },
    });
    // a bad draft names its field, as the add form shows it
    expect(await testConnection(context, { companyId: ACME, baseUrl: "ftp://n8n.example.com", apiKey: n8n.apiKey })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { baseUrl: [expect.any(String)] },
    });
    n8n.mode = "html";
    expect(await testConnection(context, { connectionId })).toMatchObject({ data: { ok: false, kind: "not_n8n" } });
    await n8n.close();
    expect(await testConnection(context, { connectionId })).toMatchObject({ data: { ok: false, kind: "unreachable" } });
  });

  it("maps an n8n workflow to at most one Nexus workflow, and a Nexus workflow to at most one n8n workflow", async () => {
    const { connectionId } = await connectAcme({ track: false });
    const context = contextFor(database.db, admin);
    const map = (externalWorkflowId: string, target: string) =>
      mapWorkflow(context, { connectionId, externalWorkflowId, externalName: externalWorkflowId, target, minutesSavedPerRun: "" });
    expect(await map("wfInvoice0000001", ACME_WORKFLOW)).toMatchObject({ ok: true });
    // the other n8n workflow cannot feed the same Nexus workflow
    expect(await map("wfOther000000001", ACME_WORKFLOW)).toMatchObject({ ok: false, status: 409 });
    // remapping the first one moves it: still one row for it
    expect(await map("wfInvoice0000001", "new")).toMatchObject({ ok: true });
    const rows = await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.workflowId).not.toBe(ACME_WORKFLOW);
    const [created] = await database.db.select().from(workflows).where(eq(workflows.id, rows[0]?.workflowId ?? ""));
    expect(created).toMatchObject({ platform: "n8n", name: "wfInvoice0000001", companyId: ACME });
    // another company's workflow is not a target
    const copperleafWorkflow = stableId("workflow:copperleaf:Lead routing");
    expect(await map("wfOther000000001", copperleafWorkflow)).toMatchObject({ ok: false, status: 400 });
    // untracking keeps nothing mapped
    expect(await map("wfInvoice0000001", "untracked")).toMatchObject({ ok: true });
    expect(await database.db.select().from(connectionWorkflows).where(eq(connectionWorkflows.connectionId, connectionId))).toHaveLength(0);
    // every change was audited, without the key
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetId, connectionId));
    expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(["connection.create", "connection.map"]));
    expect(JSON.stringify(entries)).not.toContain(n8n.apiKey);
  });

  it("lets admins and the company's SE manage connections, and nobody else", async () => {
    const { connectionId } = await connectAcme({ track: false });
    const input = { connectionId, status: "paused" };
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    expect(await setConnectionStatusCommand(contextFor(database.db, priya), input)).toMatchObject({ ok: false, status: 403 });
    expect(await setConnectionStatusCommand(contextFor(database.db, olivia), input)).toMatchObject({ ok: false, status: 403 });
    expect(await createConnection(contextFor(database.db, priya), { companyId: ACME, name: "x", baseUrl: n8n.url, apiKey: n8n.apiKey })).toMatchObject({ status: 403 });
    expect(await createConnection(contextFor(database.db, sam), { companyId: COPPERLEAF, name: "x", baseUrl: n8n.url, apiKey: n8n.apiKey })).toMatchObject({ status: 403 });
    expect(await setConnectionStatusCommand(contextFor(database.db, sam), input)).toMatchObject({ ok: true });
    // a paused connection is never synced
    expect(await syncConnection(database.db, connectionId)).toMatchObject({ status: "skipped" });
  });

  it("stores the API key sealed to its record, and keys:rotate moves it to the newest key", async () => {
    const { connectionId } = await connectAcme({ track: false });
    const [row] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
    expect(row?.apiKeyCiphertext.toString("utf8")).not.toContain(n8n.apiKey);
    expect(row?.apiKeyHint).toBe(n8n.apiKey.slice(-4));
    const rotated = `${TEST_ONLY_CREDENTIAL_KEYS},2:${Buffer.alloc(32, 7).toString("base64")}`;
    const report = await reencryptConnectionKeys(database.db, parseCredentialKeys(rotated));
    expect(report.failed).toEqual([]);
    expect(report.reencrypted).toBeGreaterThanOrEqual(1);
    const previous = process.env.CREDENTIAL_KEYS;
    process.env.CREDENTIAL_KEYS = rotated;
    try {
      // the sync still reads the key, now sealed with version 2
      const [after] = await database.db.select().from(engineConnections).where(eq(engineConnections.id, connectionId));
      expect(after?.keyVersion).toBe(2);
      expect(await syncConnection(database.db, connectionId)).toMatchObject({ status: "ok" });
    } finally {
      process.env.CREDENTIAL_KEYS = previous;
    }
    // put the other connections back on version 1 for the rest of the file
    await reencryptConnectionKeys(database.db, parseCredentialKeys(TEST_ONLY_CREDENTIAL_KEYS));
  });

  it("runs each scheduled slot once however many workers ask, and syncs what is due", async () => {
    const { connectionId } = await connectAcme();
    n8n.run("wfInvoice0000001", "success");
    const now = new Date(Date.now() + 3_600_000);
    const synced: string[] = [];
    const reports = await Promise.all(
      [0, 1, 2].map(() => runDueTasks(database.db, { now, sync: async (id) => void synced.push(id) })),
    );
    expect(reports.flatMap((report) => report.ran).sort()).toEqual(["alerts.evaluate", "billing.overdue", "ingestion.prune", "notifications.digest", "notifications.email", "notifications.retention", "rollups.prune"]);
    expect(synced).toContain(connectionId);
  });
});

describe("the cron route", () => {
  it("refuses a missing or wrong secret before doing anything", async () => {
    const previous = process.env.CRON_SECRET;
    process.env.CRON_SECRET = "a-cron-secret-of-enough-length";
    try {
      for (const authorization of [null, "Bearer nope", "Basic a-cron-secret-of-enough-length", "Bearer a-cron-secret-of-enough-lengt"]) {
        const response = await cronTick(new Request("http://nexus.test/api/cron/tick", { headers: authorization ? { authorization } : {} }));
        expect(response.status, String(authorization)).toBe(401);
      }
      delete process.env.CRON_SECRET;
      const unset = await cronTick(new Request("http://nexus.test/api/cron/tick", { headers: { authorization: "Bearer " } }));
      expect(unset.status).toBe(401);
    } finally {
      if (previous === undefined) delete process.env.CRON_SECRET;
      else process.env.CRON_SECRET = previous;
    }
  });
});

describe("status mapping", () => {
  const base = { id: "7", workflowId: "w", finished: false, mode: "trigger", startedAt: "2026-12-01T10:00:00.000Z", stoppedAt: "2026-12-01T10:00:05.000Z" };
  it.each([
    ["success", "succeeded"],
    ["error", "failed"],
    ["crashed", "failed"],
    ["canceled", "cancelled"],
    ["running", "running"],
    ["waiting", "running"],
    ["new", "running"],
  ])("%s → %s", (status, expected) => {
    const report = reportOfExecution({ ...base, status, stoppedAt: expected === "running" ? null : base.stoppedAt }, "nexus-workflow", "boom");
    expect(report?.status).toBe(expected);
    expect(report?.externalId).toBe("n8n-7");
    if (expected === "failed") expect(report?.errorMessage).toBe("boom");
    if (expected === "running") expect(report?.finishedAt).toBeNull();
    else expect(report?.finishedAt).toBe(base.stoppedAt);
  });
  it("waits for an execution that has not started", () => {
    expect(reportOfExecution({ ...base, status: "new", startedAt: null, stoppedAt: null }, "w", null)).toBeNull();
  });
});
