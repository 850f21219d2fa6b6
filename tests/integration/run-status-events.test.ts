// A run's status history as Nexus saw it (issue 17, drizzle/0011): one event when a run is
// first recorded and one for each report that changes its outcome, none for a duplicate or
// stale report; written in one INSERT per batch; readable only in the run's company. And
// the run log's search by the engine's run id is served by an index, in scope only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionLogQuery, listExecutions, listRunStatusEvents } from "@/db/queries/executions";
import { runStatusEvents } from "@/db/schema";
import { stableId } from "@/db/seed";
import { tenantDatabase } from "@/db/tenant";
import { scopeFor } from "@/lib/authz";
import { recordRuns, type RunReport } from "@/lib/record-runs";
import { runHistory } from "@/lib/run-view";
import { viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const WORKFLOW = stableId("workflow:acme:Shipment status sync");
const OTHER_WORKFLOW = stableId("workflow:acme:Proof-of-delivery filing");
const BASE = Date.parse("2026-11-30T10:00:00Z");
const at = (seconds: number) => new Date(BASE + seconds * 1000).toISOString();

describe.each(engines)("run status events on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
    // counts the INSERT statements on the events table (a statement-level trigger fires
    // once per statement, whatever the number of rows): proves the batch is set-based
    await db.execute(sql`CREATE TABLE test_event_inserts (n integer NOT NULL)`);
    await db.execute(sql`
      CREATE FUNCTION test_count_event_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN INSERT INTO test_event_inserts VALUES (1); RETURN NULL; END $$`);
    await db.execute(sql`
      CREATE TRIGGER test_count_event_insert AFTER INSERT ON run_status_events
      FOR EACH STATEMENT EXECUTE FUNCTION test_count_event_insert()`);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function record(reports: RunReport[]) {
    const outcome = await recordRuns(db, ACME, reports, { notifyFailures: false });
    if ("missing" in outcome) throw new Error(`report ${outcome.missing} refused`);
    return outcome.recorded;
  }

  async function eventsOf(externalId: string) {
    const rows = await db.execute<{ status: string | null; finished_at: Date | string | null; error_message: string | null; seen_at: Date | string }>(sql`
      SELECT ev.status, ev.finished_at, ev.error_message, ev.seen_at FROM run_status_events ev
      JOIN workflow_executions e ON e.id = ev.run_id
      WHERE e.external_id = ${externalId} ORDER BY ev.seen_at, ev.ordinal`);
    return rows.map((row) => ({
      status: row.status,
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      errorMessage: row.error_message,
      seenAt: new Date(row.seen_at),
    }));
  }

  async function insertStatements(): Promise<number> {
    const [row] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM test_event_inserts`);
    return row?.n ?? -1;
  }

  it("running → failed → succeeded later: three events in order, shown in the run's history", async () => {
    const externalId = `history-${engine}-1`;
    const run = { workflowId: WORKFLOW, externalId, startedAt: at(0) };
    await record([{ ...run, status: "running" }]);
    await record([{ ...run, status: "failed", finishedAt: at(30), errorMessage: "Upstream 502" }]);
    const [last] = await record([{ ...run, status: "succeeded", finishedAt: at(90) }]);

    const events = await eventsOf(externalId);
    expect(events.map(({ seenAt: _, ...event }) => event)).toEqual([
      { status: "running", finishedAt: null, errorMessage: null },
      { status: "failed", finishedAt: at(30), errorMessage: "Upstream 502" },
      { status: "succeeded", finishedAt: at(90), errorMessage: null },
    ]);
    const times = events.map((event) => event.seenAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // the run page's read and its history
    const admin = await viewerFor(db, "admin@nexus.example.com");
    const runId = last?.execution.id ?? "";
    const kept = await listRunStatusEvents(db, { scope: scopeFor(admin, "executions.view"), runId });
    expect(kept.map((event) => event.status)).toEqual(["running", "failed", "succeeded"]);
    const history = runHistory(
      { status: "succeeded", startedAt: new Date(at(0)), finishedAt: new Date(at(90)), firstReportedAt: kept[0]?.seenAt ?? new Date(), lastChangedAt: new Date() },
      kept,
    );
    const nexusLabels = history.filter((entry) => entry.clock === "nexus").map((entry) => entry.label);
    expect(nexusLabels).toEqual(["First reported to Nexus, running", "Changed by a report: now failed", "Changed by a report: now succeeded"]);
  });

  it("a duplicate, a stale report and a start moved earlier add no event", async () => {
    const externalId = `history-${engine}-2`;
    const run = { workflowId: WORKFLOW, externalId };
    await record([{ ...run, status: "running", startedAt: at(10) }]);
    await record([{ ...run, status: "failed", startedAt: at(10), finishedAt: at(40), errorMessage: "Timeout" }]);
    expect(await eventsOf(externalId)).toHaveLength(2);
    const before = await insertStatements();

    // the same failure again, a late "running", the same failure again in a batch of two
    await record([{ ...run, status: "failed", startedAt: at(10), finishedAt: at(40), errorMessage: "Timeout" }]);
    await record([{ ...run, status: "running", startedAt: at(10) }]);
    await record([
      { ...run, status: "failed", startedAt: at(10), finishedAt: at(40), errorMessage: "Timeout" },
      { ...run, status: "running", startedAt: at(10) },
    ]);
    // an earlier start moves the run (and its rollups) but is no change of status
    const [moved] = await record([{ ...run, status: "running", startedAt: at(5) }]);
    expect(moved?.changed).toBe(true);
    expect(moved?.outcomeChanged).toBe(false);

    expect((await eventsOf(externalId)).map((event) => event.status)).toEqual(["running", "failed"]);
    // and no statement was sent for nothing
    expect(await insertStatements()).toBe(before);
  });

  it("writes a batch's events in one INSERT: new runs, changes, and two changes of one run in order", async () => {
    const prefix = `batch-${engine}-`;
    // runs already known: two running (one will fail, one is repeated unchanged)
    await record([
      { workflowId: WORKFLOW, externalId: `${prefix}known-a`, status: "running", startedAt: at(100) },
      { workflowId: OTHER_WORKFLOW, externalId: `${prefix}known-b`, status: "running", startedAt: at(100) },
    ]);
    const before = await insertStatements();
    const fresh: RunReport[] = Array.from({ length: 60 }, (_, index) => ({
      workflowId: index % 2 === 0 ? WORKFLOW : OTHER_WORKFLOW,
      externalId: `${prefix}new-${String(index).padStart(2, "0")}`,
      status: index % 3 === 0 ? "failed" : "succeeded",
      startedAt: at(200 + index),
      finishedAt: at(260 + index),
      errorMessage: index % 3 === 0 ? `Error ${index}` : null,
    }));
    await record([
      ...fresh,
      { workflowId: WORKFLOW, externalId: `${prefix}known-a`, status: "failed", startedAt: at(100), finishedAt: at(150), errorMessage: "Bad gateway" },
      { workflowId: OTHER_WORKFLOW, externalId: `${prefix}known-b`, status: "running", startedAt: at(100) },
      // one run seen three times in the same batch: running, failed, then succeeded later
      { workflowId: WORKFLOW, externalId: `${prefix}twice`, status: "running", startedAt: at(300) },
      { workflowId: WORKFLOW, externalId: `${prefix}twice`, status: "failed", startedAt: at(300), finishedAt: at(310), errorMessage: "First try" },
      { workflowId: WORKFLOW, externalId: `${prefix}twice`, status: "succeeded", startedAt: at(300), finishedAt: at(330) },
    ]);
    expect(await insertStatements()).toBe(before + 1);

    const [counts] = await db.execute<{ runs: number; events: number; matching: number }>(sql`
      SELECT count(DISTINCT e.id)::int AS runs, count(ev.id)::int AS events,
        (count(ev.id) FILTER (WHERE ev.status = e.status AND ev.finished_at IS NOT DISTINCT FROM e.finished_at
          AND ev.error_message IS NOT DISTINCT FROM e.error_message AND ev.company_id = e.company_id))::int AS matching
      FROM workflow_executions e JOIN run_status_events ev ON ev.run_id = e.id
      WHERE e.external_id LIKE ${`${prefix}new-%`}`);
    expect(counts).toEqual({ runs: 60, events: 60, matching: 60 });
    expect((await eventsOf(`${prefix}known-a`)).map((event) => event.status)).toEqual(["running", "failed"]);
    expect((await eventsOf(`${prefix}known-b`)).map((event) => event.status)).toEqual(["running"]);
    expect((await eventsOf(`${prefix}twice`)).map((event) => event.status)).toEqual(["running", "failed", "succeeded"]);
  });

  it("lets only the run's company read its events, and deletes them with the run", async () => {
    const [recorded] = await record([{ workflowId: WORKFLOW, externalId: `private-${engine}`, status: "succeeded", startedAt: at(500), finishedAt: at(520) }]);
    const runId = recorded?.execution.id ?? "";
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    const daniel = await viewerFor(db, "daniel@copperleaf.example.com");
    const priya = await viewerFor(db, "priya@nexus.example.com");
    const reads = (viewer: typeof olivia) =>
      tenantDatabase(db, { kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id, readOnly: true });

    expect(await listRunStatusEvents(reads(olivia), { scope: scopeFor(olivia, "executions.view"), runId })).toHaveLength(1);
    // another company's client: nothing through the query, nothing through the table itself
    expect(await listRunStatusEvents(reads(daniel), { scope: scopeFor(daniel, "executions.view"), runId })).toEqual([]);
    expect(await reads(daniel).select({ id: runStatusEvents.id }).from(runStatusEvents)).toEqual([]);
    // even a query that forgot the scope: row-level security keeps Acme's events from Copperleaf
    expect(await listRunStatusEvents(reads(daniel), { scope: { kind: "all" }, runId })).toEqual([]);
    // an SE without Acme
    expect(await listRunStatusEvents(db, { scope: scopeFor(priya, "executions.view"), runId })).toEqual([]);

    await db.execute(sql`DELETE FROM workflow_executions WHERE id = ${runId}`);
    const [left] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM run_status_events WHERE run_id = ${runId}`);
    expect(left?.n).toBe(0);
  });

  it("the migration's backfill gives earlier runs their first report and their last change, in one statement", async () => {
    const statements = readFileSync(path.join(process.cwd(), "drizzle/0011_run_status_events.sql"), "utf8").split("--> statement-breakpoint");
    const backfill = statements.at(-1)?.trim() ?? "";
    expect(backfill).toMatch(/INSERT INTO run_status_events/);
    const [changed] = await db.execute<{ id: string }>(sql`
      UPDATE workflow_executions SET updated_at = created_at + interval '5 minutes'
      WHERE id = (SELECT id FROM workflow_executions WHERE external_id LIKE 'seed-%' AND status = 'failed' ORDER BY id LIMIT 1) RETURNING id`);
    // on the test's own database: the events written above are replaced by the backfill's
    const checked = await db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM run_status_events`);
      await tx.execute(sql.raw(backfill));
      const [totals] = await tx.execute<{ runs: number; changed: number; events: number }>(sql`
        SELECT (SELECT count(*)::int FROM workflow_executions) AS runs,
          (SELECT count(*)::int FROM workflow_executions WHERE updated_at > created_at) AS changed,
          (SELECT count(*)::int FROM run_status_events) AS events`);
      const events = await tx.execute<{ status: string | null; error: string | null; first: boolean; last: boolean }>(sql`
        SELECT ev.status, ev.error_message AS error, ev.seen_at = e.created_at AS first, ev.seen_at = e.updated_at AS last
        FROM run_status_events ev JOIN workflow_executions e ON e.id = ev.run_id
        WHERE ev.run_id = ${changed?.id ?? ""} ORDER BY ev.seen_at, ev.ordinal`);
      const [unchanged] = await tx.execute<{ n: number; matching: number }>(sql`
        SELECT count(*)::int AS n, (count(*) FILTER (WHERE ev.status = e.status AND ev.seen_at = e.created_at
          AND ev.finished_at IS NOT DISTINCT FROM e.finished_at AND ev.error_message IS NOT DISTINCT FROM e.error_message))::int AS matching
        FROM run_status_events ev JOIN workflow_executions e ON e.id = ev.run_id WHERE e.updated_at = e.created_at`);
      return { totals, events, unchanged };
    });
    expect(checked.totals?.events).toBe((checked.totals?.runs ?? 0) + (checked.totals?.changed ?? 0));
    expect(checked.unchanged?.n).toBeGreaterThan(1_000);
    expect(checked.unchanged?.matching).toBe(checked.unchanged?.n);
    // a run changed after its first report: then in a status not kept, now as it is
    expect(checked.events).toEqual([
      { status: null, error: null, first: true, last: false },
      { status: "failed", error: expect.any(String), first: false, last: true },
    ]);
  });

  it("searches by the engine's run id through the external_id index, in scope only", async () => {
    await db.execute(sql`ANALYZE workflow_executions`);
    const [run] = await db.execute<{ id: string; external_id: string }>(sql`
      SELECT id, external_id FROM workflow_executions WHERE workflow_id = ${WORKFLOW} AND external_id LIKE 'seed-%' LIMIT 1`);
    if (!run) throw new Error("no seeded run");
    const admin = await viewerFor(db, "admin@nexus.example.com");
    const sam = await viewerFor(db, "sam@nexus.example.com"); // several companies: the per-company plan
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    for (const viewer of [admin, sam, olivia]) {
      const filters = { scope: scopeFor(viewer, "executions.view"), externalId: run.external_id };
      const plan = await db.execute<{ "QUERY PLAN": string }>(sql`EXPLAIN ${executionLogQuery(db, filters).getSQL()}`);
      const text = plan.map((line) => line["QUERY PLAN"]).join("\n");
      expect(text, `${viewer.email}:\n${text}`).toContain("workflow_executions_external_id_index");
      expect((await listExecutions(db, filters)).rows.map((row) => row.id)).toEqual([run.id]);
    }
    // out of scope: another company's client and SE find nothing, also with the company filter
    const daniel = await viewerFor(db, "daniel@copperleaf.example.com");
    const priya = await viewerFor(db, "priya@nexus.example.com");
    const danielReads = tenantDatabase(db, { kind: "companies", companyIds: daniel.companyIds }, { userId: daniel.id, readOnly: true });
    expect((await listExecutions(danielReads, { scope: scopeFor(daniel, "executions.view"), externalId: run.external_id })).rows).toEqual([]);
    expect((await listExecutions(db, { scope: scopeFor(priya, "executions.view"), externalId: run.external_id })).rows).toEqual([]);
    expect((await listExecutions(db, { scope: scopeFor(priya, "executions.view"), companyId: ACME, externalId: run.external_id })).rows).toEqual([]);
  });
});
