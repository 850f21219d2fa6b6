import { sql } from "drizzle-orm";
import type { Queryable } from "../client";

/**
 * How long the hourly rollup keeps an hour. Only the admin dashboard's rolling "last 24
 * hours" reads it; a day more covers reports that arrive late and clocks that disagree.
 * The daily rollup is kept for ever.
 */
export const HOURLY_RETENTION_HOURS = 48;

const HOUR_MS = 60 * 60 * 1000;

/** The first hour the hourly rollup keeps at `now`. */
export function hourlyRetentionStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOURLY_RETENTION_HOURS * HOUR_MS);
}

/** "YYYY-MM-01" of a "YYYY-MM-DD" day, and the month after it. */
const monthOfDay = (day: string) => `${day.slice(0, 7)}-01`;
function nextMonth(month: string): string {
  const [year, monthIndex] = month.split("-").map(Number);
  const next = new Date(Date.UTC(year ?? 1970, monthIndex ?? 1, 1));
  return next.toISOString().slice(0, 10);
}

export type RebuildProgress = { month: string; rows: number };

/**
 * Recomputes the rollups from raw runs, from a day (UTC) on: the daily rollup one month
 * at a time, each month in its own short transaction (so a rebuild of years of history
 * holds no lock for long, scales with the months, and can be resumed from the month it
 * reached), then the hourly rollup for the hours it keeps. For repair and for bulk loads;
 * live writes adjust the rollups in the same transaction instead. Safe while runs arrive:
 * each month locks the rollup against concurrent writes (SHARE ROW EXCLUSIVE) before it
 * reads the runs, so a run committed meanwhile is counted exactly once.
 */
export async function rebuildRollups(
  db: Queryable,
  options: { from?: string; now?: Date; onMonth?: (progress: RebuildProgress) => void } = {},
): Promise<{ months: number }> {
  const now = options.now ?? new Date();
  const [first] = await db.execute<{ day: string | null }>(sql`
    SELECT to_char(min(started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM workflow_executions
    WHERE started_at >= ${options.from ?? "1970-01-01"}::date::timestamp AT TIME ZONE 'UTC'
  `);
  const from = options.from ?? first?.day ?? now.toISOString().slice(0, 10);
  // the rollup rows from `from` on go even when there are no runs left to count
  const lastRun = await db.execute<{ day: string | null }>(sql`
    SELECT to_char(greatest(
      (SELECT max(started_at) FROM workflow_executions),
      (SELECT max(day)::timestamp AT TIME ZONE 'UTC' FROM execution_daily_stats),
      ${now.toISOString()}::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
  `);
  const last = monthOfDay(lastRun[0]?.day ?? from);
  let months = 0;
  for (let month = monthOfDay(from); month <= last; month = nextMonth(month)) {
    const start = month < from ? from : month;
    const end = nextMonth(month);
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE execution_daily_stats IN SHARE ROW EXCLUSIVE MODE`);
      await tx.execute(sql`DELETE FROM execution_daily_stats WHERE day >= ${start}::date AND day < ${end}::date`);
      const inserted = await tx.execute(sql`
        INSERT INTO execution_daily_stats
          (company_id, workflow_id, day, runs, running, succeeded, failed, cancelled, total_duration_ms, minutes_saved)
        SELECT
          company_id, workflow_id, (started_at AT TIME ZONE 'UTC')::date AS day,
          count(*),
          count(*) FILTER (WHERE status = 'running'),
          count(*) FILTER (WHERE status = 'succeeded'),
          count(*) FILTER (WHERE status = 'failed'),
          count(*) FILTER (WHERE status = 'cancelled'),
          coalesce(sum(duration_ms), 0),
          coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)
        FROM workflow_executions
        WHERE started_at >= ${start}::date::timestamp AT TIME ZONE 'UTC'
          AND started_at < ${end}::date::timestamp AT TIME ZONE 'UTC'
        GROUP BY company_id, workflow_id, (started_at AT TIME ZONE 'UTC')::date
        RETURNING 1
      `);
      return inserted.length;
    });
    months += 1;
    options.onMonth?.({ month, rows });
  }

  const keepFrom = hourlyRetentionStart(now);
  const fromHour = new Date(Math.max(keepFrom.getTime(), Date.parse(`${from}T00:00:00Z`)));
  await db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE execution_hourly_stats IN SHARE ROW EXCLUSIVE MODE`);
    await tx.execute(sql`DELETE FROM execution_hourly_stats WHERE hour >= ${fromHour.toISOString()}::timestamptz`);
    await tx.execute(sql`
      INSERT INTO execution_hourly_stats (company_id, workflow_id, hour, runs, succeeded, failed)
      SELECT
        company_id, workflow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
        count(*),
        count(*) FILTER (WHERE status = 'succeeded'),
        count(*) FILTER (WHERE status = 'failed')
      FROM workflow_executions
      WHERE started_at >= ${fromHour.toISOString()}::timestamptz
      GROUP BY 1, 2, 3
    `);
  });
  await pruneHourlyStats(db, now);
  return { months };
}

/**
 * Deletes the hours the hourly rollup no longer keeps (a scheduled task, hourly), a batch
 * at a time so no statement holds locks for long; at most `maxBatches` per call, so a
 * large backlog (a database from before the retention) clears over a few runs.
 */
export async function pruneHourlyStats(db: Queryable, now: Date, { batch = 5_000, maxBatches = 200 } = {}): Promise<number> {
  const before = hourlyRetentionStart(now).toISOString();
  let deleted = 0;
  for (let round = 0; round < maxBatches; round += 1) {
    const rows = await db.execute(sql`
      DELETE FROM execution_hourly_stats WHERE (workflow_id, hour) IN (
        SELECT workflow_id, hour FROM execution_hourly_stats WHERE hour < ${before}::timestamptz LIMIT ${batch})
      RETURNING 1
    `);
    deleted += rows.length;
    if (rows.length < batch) break;
  }
  return deleted;
}
