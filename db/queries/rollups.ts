import { sql } from "drizzle-orm";
import type { Queryable } from "../client";

/**
 * Recomputes execution_daily_stats and execution_hourly_stats from raw runs, from a day (UTC) on. For repair and
 * for bulk loads; live writes adjust the rollup in the same transaction instead.
 */
export async function rebuildDailyStats(db: Queryable, options: { from?: string } = {}): Promise<void> {
  const from = options.from ?? "1970-01-01";
  await db.execute(sql`
    DELETE FROM execution_daily_stats WHERE day >= ${from}::date
  `);
  await db.execute(sql`
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
    WHERE started_at >= ${from}::date::timestamp AT TIME ZONE 'UTC'
    GROUP BY company_id, workflow_id, (started_at AT TIME ZONE 'UTC')::date
  `);
  await db.execute(sql`
    DELETE FROM execution_hourly_stats WHERE hour >= ${from}::date::timestamp AT TIME ZONE 'UTC'
  `);
  await db.execute(sql`
    INSERT INTO execution_hourly_stats (company_id, workflow_id, hour, runs, succeeded, failed)
    SELECT
      company_id, workflow_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
      count(*),
      count(*) FILTER (WHERE status = 'succeeded'),
      count(*) FILTER (WHERE status = 'failed')
    FROM workflow_executions
    WHERE started_at >= ${from}::date::timestamp AT TIME ZONE 'UTC'
    GROUP BY 1, 2, 3
  `);
}
