// The global run log: keyset pages are disjoint and ordered, filters and scope hold; one
// run's page (issue 17): found in scope only, with its n8n link and its neighbours.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, findExecution, listExecutions, neighbourExecutions } from "@/db/queries/executions";
import { tenantDatabase } from "@/db/tenant";
import { stableId } from "@/db/seed";
import { scopeFor } from "@/lib/authz";
import { viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

describe.each(engines)("run log on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("pages by keyset: ten pages, disjoint, newest first", async () => {
    const viewer = await viewerFor(database.db, "admin@nexus.example.com");
    const scope = scopeFor(viewer, "executions.view");
    const seen = new Set<string>();
    let cursor = null;
    let previous: Date | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result = await listExecutions(database.db, { scope, cursor, limit: 50 });
      expect(result.rows).toHaveLength(50);
      for (const row of result.rows) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
        if (previous) expect(row.startedAt.getTime()).toBeLessThanOrEqual(previous.getTime());
        previous = row.startedAt;
      }
      // the cursor survives the URL round trip
      cursor = decodeCursor(encodeCursor(result.next ?? { startedAt: new Date(0), id: "" }));
    }
    expect(seen.size).toBe(500);
  });

  it("shows an SE only their companies' runs, and filters by status, workflow and date", async () => {
    const viewer = await viewerFor(database.db, "sam@nexus.example.com");
    const scope = scopeFor(viewer, "executions.view");
    const all = await listExecutions(database.db, { scope, limit: 200 });
    expect(all.rows.every((row) => viewer.companyIds.includes(row.companyId))).toBe(true);

    const failed = await listExecutions(database.db, { scope, status: "failed", limit: 100 });
    expect(failed.rows.length).toBeGreaterThan(0);
    expect(failed.rows.every((row) => row.status === "failed")).toBe(true);

    const workflowId = stableId("workflow:acme:Shipment status sync");
    const from = new Date("2026-11-19T00:00:00Z");
    const to = new Date("2026-11-20T00:00:00Z");
    const one = await listExecutions(database.db, { scope, workflowId, from, to, limit: 500 });
    expect(one.rows.length).toBeGreaterThan(0);
    expect(one.rows.every((row) => row.workflowId === workflowId && row.startedAt >= from && row.startedAt < to)).toBe(true);

    // another company's workflow id is simply outside the scope
    const foreign = await listExecutions(database.db, { scope, workflowId: stableId("workflow:copperleaf:Lead routing") });
    expect(foreign.rows).toEqual([]);
  });

  it("merges an SE's companies into the same pages a plain newest-first query gives", async () => {
    const viewer = await viewerFor(database.db, "sam@nexus.example.com");
    expect(viewer.companyIds.length).toBeGreaterThan(1);
    const scope = scopeFor(viewer, "executions.view");
    for (const status of [undefined, "failed"] as const) {
      const expected = await database.db.execute<{ id: string }>(sql`
        SELECT id FROM workflow_executions
        WHERE company_id = ANY(${`{${viewer.companyIds.join(",")}}`}::uuid[]) ${status ? sql`AND status = ${status}` : sql``}
        ORDER BY started_at DESC, id DESC LIMIT 120`);
      const paged: string[] = [];
      let cursor = null;
      for (let page = 0; page < 3; page += 1) {
        const result = await listExecutions(database.db, { scope, status, cursor, limit: 40 });
        paged.push(...result.rows.map((row) => row.id));
        cursor = result.next;
      }
      expect(paged).toEqual(expected.map((row) => row.id));
    }
  });

  it("finds a run by the engine's id, in scope only", async () => {
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    const workflowId = stableId("workflow:acme:Shipment status sync");
    const [run] = await database.db.execute<{ id: string; external_id: string }>(sql`
      SELECT id, external_id FROM workflow_executions WHERE workflow_id = ${workflowId} ORDER BY started_at DESC LIMIT 1`);
    if (!run) throw new Error("no seeded run");
    const found = await listExecutions(database.db, { scope: scopeFor(sam, "executions.view"), externalId: ` ${run.external_id} ` });
    expect(found.rows.map((row) => row.id)).toEqual([run.id]);
    const elsewhere = await listExecutions(database.db, { scope: scopeFor(priya, "executions.view"), externalId: run.external_id });
    expect(elsewhere.rows).toEqual([]);
  });

  it("a run's page: in scope only, with its n8n link and its neighbours, also through the client's tenant reads", async () => {
    const workflowId = stableId("workflow:acme:Proof-of-delivery filing");
    const [acme] = await database.db.execute<{ company_id: string }>(sql`SELECT company_id FROM workflows WHERE id = ${workflowId}`);
    const companyId = acme?.company_id ?? "";
    const runs = await database.db.execute<{ id: string; started_at: Date }>(sql`
      SELECT id, started_at FROM workflow_executions WHERE workflow_id = ${workflowId} ORDER BY started_at DESC, id DESC LIMIT 3`);
    const [newer, middle, older] = runs;
    if (!newer || !middle || !older) throw new Error("three seeded runs expected");
    await database.db.execute(sql`UPDATE workflow_executions SET external_id = 'n8n-4812' WHERE id = ${middle.id}`);
    await database.db.execute(sql`
      WITH connection AS (
        INSERT INTO engine_connections (company_id, name, base_url, api_key_ciphertext, api_key_nonce, api_key_auth_tag, key_version, api_key_hint, status)
        VALUES (${companyId}, 'Run page test', 'https://n8n.acme.example.com', ${randomBytes(16)}, ${randomBytes(12)}, ${randomBytes(16)}, 1, '0000', 'paused')
        RETURNING id)
      INSERT INTO connection_workflows (connection_id, company_id, external_workflow_id, external_name, workflow_id)
      SELECT id, ${companyId}, 'Wf12', 'Proof-of-delivery filing', ${workflowId} FROM connection`);

    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const daniel = await viewerFor(database.db, "daniel@copperleaf.example.com");
    const clientReads = (viewer: typeof olivia) =>
      tenantDatabase(database.db, { kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id, readOnly: true });

    const run = await findExecution(clientReads(olivia), { scope: scopeFor(olivia, "executions.view"), id: middle.id });
    expect(run).toMatchObject({ id: middle.id, externalId: "n8n-4812", workflowId, companyId, engine: { baseUrl: "https://n8n.acme.example.com", externalWorkflowId: "Wf12" } });
    if (!run) throw new Error("unreachable");
    const neighbours = await neighbourExecutions(clientReads(olivia), run);
    expect(neighbours.older?.id).toBe(older.id);
    expect(neighbours.newer?.id).toBe(newer.id);

    // another company's client, an SE without Acme, a malformed id: all simply nothing
    expect(await findExecution(clientReads(daniel), { scope: scopeFor(daniel, "executions.view"), id: middle.id })).toBeNull();
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    expect(await findExecution(database.db, { scope: scopeFor(priya, "executions.view"), id: middle.id })).toBeNull();
    expect(await findExecution(database.db, { scope: { kind: "all" }, id: "not-a-uuid" })).toBeNull();
    // a run of a workflow no connection feeds has no engine
    const [unmapped] = await database.db.execute<{ id: string }>(sql`
      SELECT id FROM workflow_executions WHERE workflow_id = ${stableId("workflow:acme:Shipment status sync")} LIMIT 1`);
    expect((await findExecution(database.db, { scope: { kind: "all" }, id: unmapped?.id ?? "" }))?.engine).toBeNull();
  });

  it("refuses a garbled cursor instead of failing", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-01-01T00:00:00Z|x").toString("base64url"))).toBeNull();
  });
});
