import "server-only";
import { and, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { executionDailyStats } from "../schema";

export type DailyRuns = {
  /** UTC day, "YYYY-MM-DD" */
  day: string;
  runs: number;
  succeeded: number;
  failed: number;
  /** Σ minutes saved of the day's succeeded runs */
  minutesSaved: number;
};

export type RunsOverview = {
  from: string;
  to: string;
  totals: Omit<DailyRuns, "day">;
  /** every day of the window, oldest first; days without runs are zeros */
  days: DailyRuns[];
};

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The last `days` UTC days, today included, oldest first. */
function windowDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, index) => utcDay(today - (days - 1 - index) * DAY_MS));
}

/**
 * Runs per day and their totals over the last `days` UTC days, read only from the
 * execution_daily_stats rollup (never raw runs), within the scope.
 */
export async function getRunsOverview(
  db: Queryable,
  { scope, days = 30, now = new Date() }: { scope: CompanyScope; days?: number; now?: Date },
): Promise<RunsOverview> {
  const dayList = windowDays(now, days);
  const from = dayList[0] ?? utcDay(now.getTime());
  const to = dayList[dayList.length - 1] ?? from;

  const conditions: SQL[] = [gte(executionDailyStats.day, from), lte(executionDailyStats.day, to)];
  let rows: DailyRuns[] = [];
  if (scope.kind === "all" || scope.companyIds.length > 0) {
    if (scope.kind === "companies") conditions.push(inArray(executionDailyStats.companyId, [...scope.companyIds]));
    // sum() of integer/bigint columns comes back as a string: map to numbers.
    rows = await db
      .select({
        day: executionDailyStats.day,
        runs: sql<number>`coalesce(sum(${executionDailyStats.runs}), 0)`.mapWith(Number),
        succeeded: sql<number>`coalesce(sum(${executionDailyStats.succeeded}), 0)`.mapWith(Number),
        failed: sql<number>`coalesce(sum(${executionDailyStats.failed}), 0)`.mapWith(Number),
        minutesSaved: sql<number>`coalesce(sum(${executionDailyStats.minutesSaved}), 0)`.mapWith(Number),
      })
      .from(executionDailyStats)
      .where(and(...conditions))
      .groupBy(executionDailyStats.day)
      .orderBy(executionDailyStats.day);
  }

  const byDay = new Map(rows.map((row) => [row.day, row]));
  const filled = dayList.map(
    (day) => byDay.get(day) ?? { day, runs: 0, succeeded: 0, failed: 0, minutesSaved: 0 },
  );
  const totals = filled.reduce(
    (sum, day) => ({
      runs: sum.runs + day.runs,
      succeeded: sum.succeeded + day.succeeded,
      failed: sum.failed + day.failed,
      minutesSaved: sum.minutesSaved + day.minutesSaved,
    }),
    { runs: 0, succeeded: 0, failed: 0, minutesSaved: 0 },
  );
  return { from, to, totals, days: filled };
}
