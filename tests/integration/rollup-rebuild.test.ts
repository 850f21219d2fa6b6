// The rollups' history (issue 18, item 4) on both engines: the hourly rollup keeps only
// the hours something reads, pruned in batches; the daily rollup is rebuilt a month at a
// time from a given day, leaving earlier months as they are (so a rebuild resumes).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOURLY_RETENTION_HOURS, hourlyRetentionStart, pruneHourlyStats, rebuildRollups } from "@/db/queries/rollups";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";

describe.each(engines)("rollup history on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  const count = async (query: ReturnType<typeof sql>) => Number((await database.db.execute<{ n: number }>(query))[0]?.n ?? -1);
  /** Daily rows that differ from the raw runs, in [from, to). */
  const drift = (from: string, to: string) =>
    count(sql`
      WITH raw AS (
        SELECT workflow_id, (started_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS runs
        FROM workflow_executions
        WHERE started_at >= ${from}::date::timestamp AT TIME ZONE 'UTC' AND started_at < ${to}::date::timestamp AT TIME ZONE 'UTC'
        GROUP BY 1, 2)
      SELECT count(*)::int AS n FROM (
        (SELECT * FROM raw EXCEPT SELECT workflow_id, day, runs FROM execution_daily_stats)
        UNION ALL
        (SELECT workflow_id, day, runs FROM execution_daily_stats WHERE day >= ${from}::date AND day < ${to}::date EXCEPT SELECT * FROM raw)) d
    `);

  it("keeps the seeded hourly rollup to its retention, and prunes hours as they age, batch by batch", async () => {
    const oldest = await database.db.execute<{ hour: Date }>(sql`SELECT min(hour) AS hour FROM execution_hourly_stats`);
    expect(new Date(oldest[0]?.hour ?? 0).getTime()).toBeGreaterThanOrEqual(hourlyRetentionStart(SEED_NOW).getTime());
    const total = await count(sql`SELECT count(*)::int AS n FROM execution_hourly_stats`);
    expect(total).toBeGreaterThan(100);

    // a day later, the first day's hours go; small batches still take them all
    const dayLater = new Date(SEED_NOW.getTime() + 24 * 3_600_000);
    const aging = await count(sql`SELECT count(*)::int AS n FROM execution_hourly_stats WHERE hour < ${hourlyRetentionStart(dayLater).toISOString()}::timestamptz`);
    expect(aging).toBeGreaterThan(40);
    expect(await pruneHourlyStats(database.db, dayLater, { batch: 40 })).toBe(aging);
    expect(await count(sql`SELECT count(*)::int AS n FROM execution_hourly_stats`)).toBe(total - aging);
    expect(await pruneHourlyStats(database.db, dayLater)).toBe(0);
    expect(HOURLY_RETENTION_HOURS).toBeGreaterThanOrEqual(25);
  });

  it("rebuilds month by month from a day, reporting each month, and leaves the months before alone", async () => {
    // damage one day before the rebuild and one inside it
    await database.db.execute(sql`UPDATE execution_daily_stats SET runs = runs + 5 WHERE day IN ('2026-09-10', '2026-10-12')`);
    expect(await drift("2026-09-01", "2026-10-01")).toBeGreaterThan(0);
    expect(await drift("2026-10-01", "2026-12-01")).toBeGreaterThan(0);

    const months: string[] = [];
    const result = await rebuildRollups(database.db, { from: "2026-10-01", now: SEED_NOW, onMonth: ({ month }) => months.push(month) });
    expect(months).toEqual(["2026-10-01", "2026-11-01"]);
    expect(result.months).toBe(2);
    expect(await drift("2026-10-01", "2026-12-01")).toBe(0);
    // September was not asked for: resuming from October never touches it
    expect(await drift("2026-09-01", "2026-10-01")).toBeGreaterThan(0);

    await rebuildRollups(database.db, { from: "2026-09-01", now: SEED_NOW });
    expect(await drift("2026-01-01", "2027-01-01")).toBe(0);
  });
});
