// The audit log page's data (PRODUCT.md §2 /admin/audit, §7): scoped, filtered, keyset-paged, append-only.
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAuditCursor, listAuditActions, listAuditEntries, type AuditListEntry } from "@/db/queries/audit";
import type { Transaction } from "@/db/client";
import { auditLog } from "@/db/schema";
import { stableId } from "@/db/seed";
import { withTenant } from "@/db/tenant";
import { scopeFor, type CompanyScope } from "@/lib/authz";
import { viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const BRIGHTSIDE = stableId("company:brightside");
const COPPERLEAF = stableId("company:copperleaf");
const ALL: CompanyScope = { kind: "all" };

/** The database's own message of a failed query (drizzle wraps it as the cause). */
async function failure(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
    return `${error instanceof Error ? error.message : String(error)} ${cause}`;
  }
  return "no error";
}

describe.each(engines)("audit log on %s", (engine) => {
  let database: TestDatabase;
  let samScope: CompanyScope;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    samScope = scopeFor(await viewerFor(database.db, "sam@nexus.example.com"), "audit.view");

    // Times as text keep their microseconds, which a JS Date would drop.
    const entry = (at: string, action: string, actorEmail: string | null, companyId: string | null) =>
      sql`(${at}::timestamptz, ${action}, ${actorEmail}, ${companyId}::uuid, 'company', ${companyId ?? "platform"}, '10.0.0.1', ${JSON.stringify({ name: { from: "A", to: "B" } })}::jsonb)`;
    const rows = [
      entry("2026-10-01T10:00:00Z", "test.company_edit", "sam@nexus.example.com", ACME),
      entry("2026-10-02T10:00:00Z", "test.company_edit", "priya@nexus.example.com", COPPERLEAF),
      entry("2026-10-03T10:00:00Z", "test.staff_event", "admin@nexus.example.com", null),
      entry("2026-10-05T00:00:00Z", "test.day_edge", "grace@brightside.example.com", BRIGHTSIDE),
      entry("2026-10-05T23:59:59.999999Z", "test.day_edge", "grace@brightside.example.com", BRIGHTSIDE),
      entry("2026-10-06T00:00:00Z", "test.day_edge", "grace@brightside.example.com", BRIGHTSIDE),
      entry("2026-10-04T00:00:00Z", "test.odd_actor", "under_score%@example.com", ACME),
      // a page-turning set: ties on the same instant, and instants a microsecond apart
      ...[
        "2026-09-01T12:00:00.123456Z",
        "2026-09-01T12:00:00.123456Z",
        "2026-09-01T12:00:00.123456Z",
        "2026-09-01T12:00:00.123457Z",
        "2026-09-01T12:00:00.123455Z",
        "2026-09-01T12:00:00.123Z",
        "2026-09-01T12:00:00.124Z",
        "2026-09-01T12:00:00.122999Z",
        "2026-08-31T00:00:00Z",
      ].map((at) => entry(at, "test.paging", "olivia@acme.example.com", ACME)),
    ];
    await database.db.execute(sql`
      INSERT INTO audit_log (at, action, actor_email, company_id, target_type, target_id, ip, changes)
      VALUES ${sql.join(rows, sql`, `)}
    `);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function listAll(scope: CompanyScope, filters: Parameters<typeof listAuditEntries>[1]["filters"] = {}) {
    const { entries, nextCursor } = await listAuditEntries(database.db, { scope, filters, limit: 200 });
    expect(nextCursor).toBeNull();
    return entries.filter((entry) => entry.action.startsWith("test."));
  }

  describe("scope", () => {
    it("shows an admin every entry, with and without a company", async () => {
      const entries = await listAll(ALL);
      expect(entries).toHaveLength(16);
      expect(entries.some((entry) => entry.companyId === null)).toBe(true);
      expect(entries.some((entry) => entry.companyId === COPPERLEAF)).toBe(true);
    });

    it("shows an SE only entries of their companies: never other companies', never company-less ones", async () => {
      const { entries } = await listAuditEntries(database.db, { scope: samScope, limit: 200 });
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.companyId).not.toBeNull();
        expect(samScope.kind === "companies" && samScope.companyIds.includes(entry.companyId ?? "")).toBe(true);
      }
      expect(entries.filter((entry) => entry.action.startsWith("test."))).toHaveLength(14);
      // asking for another SE's company by filter finds nothing either
      expect(await listAll(samScope, { companyId: COPPERLEAF })).toEqual([]);
    });

    it("offers an SE only the actions found in their scope", async () => {
      const actions = await listAuditActions(database.db, { scope: samScope });
      expect(actions).toContain("test.company_edit");
      expect(actions).toContain("test.paging");
      expect(actions).not.toContain("test.staff_event");
      expect(await listAuditActions(database.db, { scope: ALL })).toContain("test.staff_event");
    });

    it("returns nothing for a scope with no companies", async () => {
      const none: CompanyScope = { kind: "companies", companyIds: [] };
      expect(await listAuditEntries(database.db, { scope: none })).toEqual({ entries: [], nextCursor: null });
      expect(await listAuditActions(database.db, { scope: none })).toEqual([]);
    });
  });

  describe("filters", () => {
    it("by actor: part of the email, case-insensitive, wildcards taken literally", async () => {
      const priya = await listAll(ALL, { actor: "PRIYA@" });
      expect(priya.map((entry) => entry.actorEmail)).toEqual(["priya@nexus.example.com"]);
      expect((await listAll(ALL, { actor: "_score%" })).map((entry) => entry.action)).toEqual(["test.odd_actor"]);
      expect(await listAll(ALL, { actor: "%" })).toHaveLength(1);
      expect(await listAll(ALL, { actor: "_" })).toHaveLength(1);
    });

    it("by action", async () => {
      const entries = await listAll(ALL, { action: "test.company_edit" });
      expect(entries.map((entry) => entry.actorEmail).sort()).toEqual(["priya@nexus.example.com", "sam@nexus.example.com"]);
    });

    it("by company, with its name", async () => {
      const entries = await listAll(ALL, { companyId: COPPERLEAF });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ companyName: "Copperleaf Realty", action: "test.company_edit" });
    });

    it("by date range: UTC days, both ends inclusive", async () => {
      const oneDay = await listAll(ALL, { action: "test.day_edge", from: "2026-10-05", to: "2026-10-05" });
      expect(oneDay.map((entry) => entry.at.toISOString())).toEqual(["2026-10-05T23:59:59.999Z", "2026-10-05T00:00:00.000Z"]);
      expect(await listAll(ALL, { action: "test.day_edge", from: "2026-10-06" })).toHaveLength(1);
      expect(await listAll(ALL, { action: "test.day_edge", to: "2026-10-04" })).toHaveLength(0);
      const range = await listAll(ALL, { from: "2026-10-01", to: "2026-10-03" });
      expect(range.map((entry) => entry.action).sort()).toEqual(["test.company_edit", "test.company_edit", "test.staff_event"]);
    });

    it("combines filters", async () => {
      const entries = await listAll(samScope, { actor: "grace", companyId: BRIGHTSIDE, from: "2026-10-06" });
      expect(entries).toHaveLength(1);
      expect(entries[0]?.at.toISOString()).toBe("2026-10-06T00:00:00.000Z");
    });
  });

  describe("keyset paging", () => {
    it("walks newest first in disjoint pages that together hold every entry", async () => {
      const seen: AuditListEntry[] = [];
      const pages: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listAuditEntries>> = await listAuditEntries(database.db, {
          scope: ALL,
          filters: { action: "test.paging" },
          cursor,
          limit: 2,
        });
        pages.push(page.entries.length);
        seen.push(...page.entries);
        cursor = page.nextCursor;
      } while (cursor);

      expect(pages).toEqual([2, 2, 2, 2, 1]);
      const ids = seen.map((entry) => entry.id);
      expect(new Set(ids).size).toBe(9);
      const all = await listAll(ALL, { action: "test.paging" });
      expect(ids).toEqual(all.map((entry) => entry.id));
      const times = seen.map((entry) => entry.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it("keeps its place between entries a microsecond apart", async () => {
      const first = await listAuditEntries(database.db, { scope: ALL, filters: { action: "test.paging" }, limit: 2 });
      // the newest two: .124 and .123457; the cursor must keep the microseconds
      expect(decodeAuditCursor(first.nextCursor)?.at).toBe("2026-09-01T12:00:00.123457Z");
      const second = await listAuditEntries(database.db, {
        scope: ALL,
        filters: { action: "test.paging" },
        cursor: first.nextCursor,
        limit: 3,
      });
      // the three that share .123456
      expect(new Set(second.entries.map((entry) => entry.at.toISOString()))).toEqual(new Set(["2026-09-01T12:00:00.123Z"]));
      const third = await listAuditEntries(database.db, {
        scope: ALL,
        filters: { action: "test.paging" },
        cursor: second.nextCursor,
        limit: 1,
      });
      expect(decodeAuditCursor(third.nextCursor)?.at).toBe("2026-09-01T12:00:00.123455Z");
    });

    it("ignores a cursor it did not make", async () => {
      const first = await listAuditEntries(database.db, { scope: ALL, filters: { action: "test.paging" }, limit: 2 });
      for (const cursor of ["garbage", Buffer.from("x|y").toString("base64url"), "' OR 1=1 --"]) {
        const page = await listAuditEntries(database.db, { scope: ALL, filters: { action: "test.paging" }, cursor, limit: 2 });
        expect(page.entries.map((entry) => entry.id)).toEqual(first.entries.map((entry) => entry.id));
      }
    });
  });

  describe("append-only", () => {
    // As the app role, scoped to Acme (row-level security shows a role without a scope
    // nothing); SET LOCAL lasts until the transaction ends, so it never leaks into other tests.
    const asApp = <T,>(body: (tx: Transaction) => Promise<T>) =>
      withTenant(database.db, { kind: "companies", companyIds: [ACME] }, body);

    it("lets the app role insert, and refuses it update and delete", async () => {
      // not "test.", so the counts above never see it
      const marker = `app-role.${randomUUID()}`;
      await asApp((tx) => tx.insert(auditLog).values({ action: marker, companyId: ACME }));
      const inserted = await database.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, marker));
      expect(inserted).toHaveLength(1);
      const ids = inserted.map((row) => row.id);

      expect(
        await failure(asApp((tx) => tx.execute(sql`UPDATE audit_log SET action = 'rewritten' WHERE id = ${ids[0]}::uuid`))),
      ).toMatch(/permission denied/);
      expect(await failure(asApp((tx) => tx.execute(sql`DELETE FROM audit_log WHERE id = ${ids[0]}::uuid`)))).toMatch(
        /permission denied/,
      );
      expect(await failure(asApp((tx) => tx.execute(sql`TRUNCATE audit_log`)))).toMatch(/permission denied/);

      const after = await database.db
        .select({ id: auditLog.id, action: auditLog.action })
        .from(auditLog)
        .where(inArray(auditLog.id, ids));
      expect(after).toEqual([{ id: ids[0], action: marker }]);
    });

    it("refuses update and delete to the owner too (the trigger)", async () => {
      expect(await failure(database.db.execute(sql`UPDATE audit_log SET action = 'rewritten' WHERE action = 'test.staff_event'`))).toMatch(
        /append-only/,
      );
      expect(await failure(database.db.execute(sql`DELETE FROM audit_log WHERE action = 'test.staff_event'`))).toMatch(/append-only/);
      expect(await listAll(ALL, { action: "test.staff_event" })).toHaveLength(1);
    });
  });
});
