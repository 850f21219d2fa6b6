// Database time per page, from pg_stat_statements: reset before a page's measurement, read
// after it, divided by the responses. Needs the server started with
// `shared_preload_libraries=pg_stat_statements`; without it the benchmark says so and
// measures the rest.
import type postgres from "postgres";

export type StatementShare = { query: string; callsPerRequest: number; meanMs: number; msPerRequest: number };
export type PageStatements = { statementsPerRequest: number; dbMsPerRequest: number; top: StatementShare[] };

export const STATEMENTS_HINT =
  "pg_stat_statements is not loaded: start PostgreSQL with -c shared_preload_libraries=pg_stat_statements to see database time per page.";

/** Creates the extension in the bench database; false when the server has not loaded it. */
export async function enableStatements(sql: postgres.Sql): Promise<boolean> {
  try {
    const [loaded] = await sql<{ on: boolean }[]>`
      SELECT coalesce(current_setting('shared_preload_libraries', true), '') LIKE '%pg_stat_statements%' AS on`;
    if (!loaded?.on) return false;
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
    return true;
  } catch {
    return false;
  }
}

export async function resetStatements(sql: postgres.Sql): Promise<void> {
  await sql`SELECT pg_stat_statements_reset()`;
}

/**
 * This database's statements since the reset, per response of the page. The benchmark's
 * own statements (this read, the reset) are left out; BEGIN/COMMIT and the settings of
 * tenant reads are counted, they are round trips the page pays for.
 */
export async function readStatements(sql: postgres.Sql, responses: number): Promise<PageStatements> {
  const rows = await sql<{ query: string; calls: string; total_ms: number }[]>`
    SELECT s.query, s.calls::text AS calls, s.total_exec_time AS total_ms
    FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'
    ORDER BY s.total_exec_time DESC`;
  const perRequest = (value: number) => (responses > 0 ? value / responses : Number.NaN);
  const shares = rows.map((row) => ({
    query: row.query.replace(/\s+/g, " ").trim(),
    callsPerRequest: perRequest(Number(row.calls)),
    meanMs: Number(row.calls) > 0 ? row.total_ms / Number(row.calls) : 0,
    msPerRequest: perRequest(row.total_ms),
  }));
  return {
    statementsPerRequest: shares.reduce((sum, share) => sum + share.callsPerRequest, 0),
    dbMsPerRequest: shares.reduce((sum, share) => sum + share.msPerRequest, 0),
    top: shares.slice(0, 3),
  };
}
