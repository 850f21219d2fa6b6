import "server-only";
import { and, desc, eq, gt, gte, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { companies, executionDailyStats, executionHourlyStats, workflows } from "../schema";

export type AdminKpis = {
  activeClients: number;
  activeWorkflows: number;
  runs24h: number;
  runs30d: number;
  succeeded30d: number;
  failed30d: number;
  minutesSaved30d: number;
};

export type FailingWorkflow = {
  workflowId: string;
  workflowName: string;
  companyName: string;
  failed: number;
  finished: number;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The first UTC day of the 30-day window (today included), as "YYYY-MM-DD". */
export function windowStart(now: Date, days: number): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** The start of the 24 hourly buckets that make "the last 24 hours" (this hour included). */
export function last24HoursStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS);
}

function inScope(column: Parameters<typeof inArray>[0], scope: CompanyScope): SQL | undefined {
  return scope.kind === "all" ? undefined : inArray(column, [...scope.companyIds]);
}

const isEmpty = (scope: CompanyScope) => scope.kind === "companies" && scope.companyIds.length === 0;

/**
 * The admin dashboard's figures, from the rollups and the small companies/workflows
 * tables only: never from raw runs, so they stay fast with millions of runs.
 */
export async function getAdminKpis(db: Queryable, { scope, now = new Date() }: { scope: CompanyScope; now?: Date }): Promise<AdminKpis> {
  const zero: AdminKpis = { activeClients: 0, activeWorkflows: 0, runs24h: 0, runs30d: 0, succeeded30d: 0, failed30d: 0, minutesSaved30d: 0 };
  if (isEmpty(scope)) return zero;

  const [clients, activeWorkflows, hourly, daily] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(companies)
      .where(and(eq(companies.status, "active"), isNull(companies.archivedAt), inScope(companies.id, scope))),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(workflows)
      .where(and(eq(workflows.status, "active"), inScope(workflows.companyId, scope))),
    db
      .select({ runs: sql<number>`coalesce(sum(${executionHourlyStats.runs}), 0)::int` })
      .from(executionHourlyStats)
      .where(and(gte(executionHourlyStats.hour, last24HoursStart(now)), inScope(executionHourlyStats.companyId, scope))),
    db
      .select({
        runs: sql<number>`coalesce(sum(${executionDailyStats.runs}), 0)::int`,
        succeeded: sql<number>`coalesce(sum(${executionDailyStats.succeeded}), 0)::int`,
        failed: sql<number>`coalesce(sum(${executionDailyStats.failed}), 0)::int`,
        minutesSaved: sql<number>`coalesce(sum(${executionDailyStats.minutesSaved}), 0)::bigint`.mapWith(Number),
      })
      .from(executionDailyStats)
      .where(and(gte(executionDailyStats.day, windowStart(now, 30)), inScope(executionDailyStats.companyId, scope))),
  ]);
  return {
    activeClients: clients[0]?.count ?? 0,
    activeWorkflows: activeWorkflows[0]?.count ?? 0,
    runs24h: hourly[0]?.runs ?? 0,
    runs30d: daily[0]?.runs ?? 0,
    succeeded30d: daily[0]?.succeeded ?? 0,
    failed30d: daily[0]?.failed ?? 0,
    minutesSaved30d: daily[0]?.minutesSaved ?? 0,
  };
}

/** The workflows with the most failed runs in the last 30 days, from the daily rollup. */
export async function getTopFailingWorkflows(
  db: Queryable,
  { scope, now = new Date(), limit = 5 }: { scope: CompanyScope; now?: Date; limit?: number },
): Promise<FailingWorkflow[]> {
  if (isEmpty(scope)) return [];
  const failed = sql<number>`sum(${executionDailyStats.failed})::int`;
  return db
    .select({
      workflowId: executionDailyStats.workflowId,
      workflowName: workflows.name,
      companyName: companies.name,
      failed,
      finished: sql<number>`sum(${executionDailyStats.succeeded} + ${executionDailyStats.failed})::int`,
    })
    .from(executionDailyStats)
    .innerJoin(workflows, eq(workflows.id, executionDailyStats.workflowId))
    .innerJoin(companies, eq(companies.id, executionDailyStats.companyId))
    .where(and(gte(executionDailyStats.day, windowStart(now, 30)), inScope(executionDailyStats.companyId, scope)))
    .groupBy(executionDailyStats.workflowId, workflows.name, companies.name)
    .having(gt(failed, 0))
    .orderBy(desc(failed), workflows.name)
    .limit(limit);
}
