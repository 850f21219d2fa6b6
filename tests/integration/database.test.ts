// The foundation's database guarantees, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hourlyRetentionStart, rebuildRollups } from "@/db/queries/rollups";
import { seed } from "@/db/seed";
import { createTestDatabase, engines, type TestDatabase } from "../support/databases";

const TABLES = [
  "accounts", "alert_events", "alerts", "audit_log", "companies", "company_plans", "connection_workflows", "credentials", "dev_mailbox",
  "engine_connections", "execution_daily_stats", "execution_hourly_stats", "ingestion_buckets", "ingestion_keys", "ingestion_limits",
  "ingestion_traffic", "invoices", "login_attempts",
  "notification_emails", "notification_reads", "notifications", "plans", "platform_settings", "run_status_events", "scheduled_task_runs",
  "sessions", "users", "verification_tokens",
  "workflow_executions", "workflow_expectations", "workflows",
];

// A fixed clock keeps the 90 days of runs identical between the two seed runs.
const NOW = new Date("2026-11-20T15:30:00Z");

/** Every row of every table, in a stable order, as text (password hashes are salted). */
async function snapshot(db: TestDatabase["db"]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const rows = await db.execute<{ digest: string; count: number }>(sql`
      SELECT md5(coalesce(string_agg(row_text, E'\n' ORDER BY row_text), '')) AS digest, count(*)::int AS count
      FROM (SELECT (to_jsonb(t) - 'password_hash' - 'created_at' - 'updated_at')::text AS row_text
            FROM ${sql.identifier(table)} t) rows
    `);
    result[table] = `${rows[0]?.count}:${rows[0]?.digest}`;
  }
  return result;
}

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

describe.each(engines)("database on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("applies every migration to an empty database", async () => {
    const { runMigrations } = await import("@/db/migrate");
    await runMigrations(database.url);
    const tables = await database.db.execute<{ table_name: string }>(sql`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
    `);
    expect(tables.map((row) => row.table_name)).toEqual(TABLES);
    const role = await database.db.execute(sql`SELECT 1 FROM pg_roles WHERE rolname = 'nexus_app'`);
    expect(role).toHaveLength(1);
    // applying again is a no-op
    await runMigrations(database.url);
  });

  it("keeps the audit log append-only", async () => {
    await database.db.execute(sql`INSERT INTO audit_log (action) VALUES ('test.append')`);
    expect(await failure(database.db.execute(sql`UPDATE audit_log SET action = 'changed'`))).toMatch(/append-only/);
    expect(await failure(database.db.execute(sql`DELETE FROM audit_log`))).toMatch(/append-only/);
    const rows = await database.db.execute(sql`SELECT action FROM audit_log WHERE action = 'test.append'`);
    expect(rows).toHaveLength(1);
  });

  it("seeds the demo data of PRODUCT.md §8", async () => {
    await seed(database.db, { now: NOW });
    const [counts] = await database.db.execute<Record<string, number>>(sql`
      SELECT
        (SELECT count(*)::int FROM users WHERE role = 'admin') AS admins,
        (SELECT count(*)::int FROM users WHERE role = 'se') AS ses,
        (SELECT count(*)::int FROM companies) AS companies,
        (SELECT count(DISTINCT industry)::int FROM companies) AS industries,
        (SELECT count(DISTINCT plan_id)::int FROM company_plans) AS plans,
        (SELECT min(n)::int FROM (SELECT count(*) AS n FROM users WHERE role = 'client' GROUP BY company_id) c) AS min_clients,
        (SELECT max(n)::int FROM (SELECT count(*) AS n FROM users WHERE role = 'client' GROUP BY company_id) c) AS max_clients,
        (SELECT min(n)::int FROM (SELECT count(*) AS n FROM workflows GROUP BY company_id) c) AS min_workflows,
        (SELECT max(n)::int FROM (SELECT count(*) AS n FROM workflows GROUP BY company_id) c) AS max_workflows,
        (SELECT count(*)::int FROM workflow_executions) AS runs,
        (SELECT count(DISTINCT (started_at AT TIME ZONE 'UTC')::date)::int FROM workflow_executions) AS days,
        (SELECT count(*)::int FROM workflow_executions WHERE status = 'failed') AS failed,
        (SELECT count(*)::int FROM workflow_executions WHERE finished_at > ${NOW.toISOString()}::timestamptz) AS from_the_future
    `);
    expect(counts).toMatchObject({ admins: 1, ses: 2, companies: 6, industries: 6, plans: 3, days: 90, from_the_future: 0 });
    expect(counts?.min_clients).toBeGreaterThanOrEqual(2);
    expect(counts?.max_clients).toBeLessThanOrEqual(3);
    expect(counts?.min_workflows).toBeGreaterThanOrEqual(4);
    expect(counts?.max_workflows).toBeLessThanOrEqual(8);
    expect(counts?.runs).toBeGreaterThan(20_000);
    expect(counts?.failed).toBeGreaterThan(0);
  });

  it("leaves exactly the same data when seeded twice", async () => {
    const before = await snapshot(database.db);
    await seed(database.db, { now: NOW });
    expect(await snapshot(database.db)).toEqual(before);
  });

  it("keeps every daily rollup equal to the aggregate over the raw runs", async () => {
    const mismatches = await database.db.execute(sql`
      WITH raw AS (
        SELECT company_id, workflow_id, (started_at AT TIME ZONE 'UTC')::date AS day,
          count(*)::int AS runs,
          (count(*) FILTER (WHERE status = 'running'))::int AS running,
          (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
          (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
          (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
          coalesce(sum(duration_ms), 0)::bigint AS total_duration_ms,
          coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::bigint AS minutes_saved
        FROM workflow_executions GROUP BY 1, 2, 3
      ),
      rollup AS (
        SELECT company_id, workflow_id, day, runs, running, succeeded, failed, cancelled,
          total_duration_ms, minutes_saved FROM execution_daily_stats
      )
      (SELECT 'missing from rollup' AS problem, * FROM (SELECT * FROM raw EXCEPT SELECT * FROM rollup) a)
      UNION ALL
      (SELECT 'not in raw runs' AS problem, * FROM (SELECT * FROM rollup EXCEPT SELECT * FROM raw) b)
      LIMIT 5
    `);
    expect(mismatches).toEqual([]);
    const [totals] = await database.db.execute<{ rollup: number; raw: number }>(sql`
      SELECT (SELECT sum(runs)::int FROM execution_daily_stats) AS rollup,
             (SELECT count(*)::int FROM workflow_executions) AS raw
    `);
    expect(totals?.rollup).toBe(totals?.raw);
    const hourlyDrift = await database.db.execute(sql`
      WITH raw AS (
        SELECT workflow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
          count(*)::int AS runs, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
          (count(*) FILTER (WHERE status = 'failed'))::int AS failed
        FROM workflow_executions WHERE started_at >= ${hourlyRetentionStart(NOW).toISOString()}::timestamptz GROUP BY 1, 2
      )
      (SELECT * FROM raw EXCEPT SELECT workflow_id, hour, runs, succeeded, failed FROM execution_hourly_stats)
      UNION ALL
      (SELECT workflow_id, hour, runs, succeeded, failed FROM execution_hourly_stats EXCEPT SELECT * FROM raw)
      LIMIT 5
    `);
    expect(hourlyDrift).toEqual([]);
    // only the hours the hourly rollup keeps (the daily one keeps every day)
    const [oldest] = await database.db.execute<{ hour: Date | null }>(sql`SELECT min(hour) AS hour FROM execution_hourly_stats`);
    expect(new Date(oldest?.hour ?? 0).getTime()).toBeGreaterThanOrEqual(hourlyRetentionStart(NOW).getTime());
  });

  it("rebuilds a damaged rollup from the raw runs", async () => {
    await database.db.execute(sql`UPDATE execution_daily_stats SET runs = runs + 7 WHERE day = '2026-11-19'`);
    await rebuildRollups(database.db, { from: "2026-11-01", now: NOW });
    const [row] = await database.db.execute<{ drift: number }>(sql`
      SELECT (SELECT sum(runs) FROM execution_daily_stats WHERE day = '2026-11-19')
           - (SELECT count(*) FROM workflow_executions WHERE (started_at AT TIME ZONE 'UTC')::date = '2026-11-19') AS drift
    `);
    expect(Number(row?.drift)).toBe(0);
  });
});
