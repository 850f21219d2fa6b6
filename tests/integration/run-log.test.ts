// The global run log: keyset pages are disjoint and ordered, filters and scope hold.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listExecutions } from "@/db/queries/executions";
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

  it("refuses a garbled cursor instead of failing", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-01-01T00:00:00Z|x").toString("base64url"))).toBeNull();
  });
});
