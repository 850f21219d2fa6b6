// The admin dashboard reads rollups only; every figure must equal the same figure
// computed from raw runs (PRODUCT.md §4), for an admin and for an SE's scope.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAdminKpis, getTopFailingWorkflows, last24HoursStart, windowStart } from "@/db/queries/admin-dashboard";
import { getRunsOverview } from "@/db/queries/dashboard";
import { scopeFor } from "@/lib/authz";
import { viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const NOW = new Date("2026-11-20T15:30:00Z");

describe.each(engines)("admin dashboard on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function rawFigures(companyIds: string[] | null) {
    const filter = companyIds ? sql`AND company_id IN ${companyIds}` : sql``;
    const since24h = last24HoursStart(NOW).toISOString();
    const since30d = windowStart(NOW, 30);
    const [runs] = await database.db.execute<Record<string, number>>(sql`
      SELECT
        (SELECT count(*)::int FROM workflow_executions WHERE started_at >= ${since24h}::timestamptz ${filter}) AS runs24h,
        (SELECT count(*)::int FROM workflow_executions WHERE started_at >= ${since30d}::date::timestamp AT TIME ZONE 'UTC' ${filter}) AS runs30d,
        (SELECT count(*)::int FROM workflow_executions WHERE status = 'succeeded' AND started_at >= ${since30d}::date::timestamp AT TIME ZONE 'UTC' ${filter}) AS succeeded30d,
        (SELECT count(*)::int FROM workflow_executions WHERE status = 'failed' AND started_at >= ${since30d}::date::timestamp AT TIME ZONE 'UTC' ${filter}) AS failed30d,
        (SELECT coalesce(sum(minutes_saved), 0)::int FROM workflow_executions WHERE status = 'succeeded' AND started_at >= ${since30d}::date::timestamp AT TIME ZONE 'UTC' ${filter}) AS minutessaved30d,
        (SELECT count(*)::int FROM companies WHERE status = 'active' AND archived_at IS NULL ${companyIds ? sql`AND id IN ${companyIds}` : sql``}) AS activeclients,
        (SELECT count(*)::int FROM workflows WHERE status = 'active' ${filter}) AS activeworkflows
    `);
    const failing = await database.db.execute<{ workflow_id: string; failed: number }>(sql`
      SELECT workflow_id, count(*)::int AS failed FROM workflow_executions
      WHERE status = 'failed' AND started_at >= ${since30d}::date::timestamp AT TIME ZONE 'UTC' ${filter}
      GROUP BY workflow_id ORDER BY failed DESC LIMIT 5
    `);
    return { runs, failing };
  }

  for (const email of ["admin@nexus.example.com", "sam@nexus.example.com", "priya@nexus.example.com"]) {
    it(`shows ${email} the figures computed from raw runs`, async () => {
      const viewer = await viewerFor(database.db, email);
      const scope = scopeFor(viewer, "adminDashboard.view");
      const kpis = await getAdminKpis(database.db, { scope, now: NOW });
      const raw = await rawFigures(scope.kind === "all" ? null : [...scope.companyIds]);
      expect(kpis).toEqual({
        activeClients: raw.runs?.activeclients,
        activeWorkflows: raw.runs?.activeworkflows,
        runs24h: raw.runs?.runs24h,
        runs30d: raw.runs?.runs30d,
        succeeded30d: raw.runs?.succeeded30d,
        failed30d: raw.runs?.failed30d,
        minutesSaved30d: raw.runs?.minutessaved30d,
      });
      expect(kpis.runs24h).toBeGreaterThan(0);

      const failing = await getTopFailingWorkflows(database.db, { scope, now: NOW });
      expect(failing.map((workflow) => workflow.failed)).toEqual(raw.failing.map((row) => row.failed));

      const overview = await getRunsOverview(database.db, { scope, days: 30, now: NOW });
      expect(overview.days).toHaveLength(30);
      expect(overview.totals.runs).toBe(raw.runs?.runs30d);
    });
  }

  it("gives an SE with no companies zeros, not everyone's figures", async () => {
    const kpis = await getAdminKpis(database.db, { scope: { kind: "companies", companyIds: [] }, now: NOW });
    expect(Object.values(kpis).every((value) => value === 0)).toBe(true);
  });
});
