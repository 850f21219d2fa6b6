import "server-only";
import { and, asc, eq, gt, gte, lte, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import { monthsBetween, planIdInForce, spendForRange } from "@/lib/billing";
import { previousRange, rangeDays } from "@/lib/date-range";
import type { Queryable } from "../client";
import { companies, executionDailyStats, plans, platformSettings, workflows, type Workflow } from "../schema";
import { listPlanPeriods } from "./company-plans";
import { monthBills } from "./spend";

// The ROI figures of PRODUCT.md §4 for one company and a range of UTC days, read only
// from the execution_daily_stats rollup. The client's dashboard, the admin's company page
// and the reports show what these functions return, so every screen agrees. Numbers are
// rounded here, once, to what screens and exports show (hours to 2 decimals, percentages
// to 1, money to whole cents); the display only formats them.

/** Hours from minutes, rounded to 2 decimals (minutes × 5/3 is never a tie). */
export function hoursFromMinutes(minutes: number): number {
  return Math.round((minutes * 5) / 3) / 100;
}

/** money saved = hours saved × hourly rate, in whole cents. */
export function moneyFromMinutes(minutes: number, hourlyRateCents: number): number {
  return Math.round((minutes * hourlyRateCents) / 60);
}

/** succeeded / (succeeded + failed) as a percentage with 1 decimal; null without finished runs. */
export function successRatePercent(succeeded: number, failed: number): number | null {
  const finished = succeeded + failed;
  return finished === 0 ? null : Math.round((succeeded * 1000) / finished) / 10;
}

/** net return / spend × 100 with 1 decimal; null when nothing was spent. */
export function roiPercent(netReturnCents: number, spendCents: number): number | null {
  return spendCents === 0 ? null : Math.round((netReturnCents * 1000) / spendCents) / 10;
}

export type RunCounts = { runs: number; succeeded: number; failed: number; minutesSaved: number };

export type RoiFigures = RunCounts & {
  from: string;
  to: string;
  days: number;
  /** Σ minutes saved of succeeded runs / 60, 2 decimals */
  hoursSaved: number;
  moneySavedCents: number;
  spendCents: number;
  netReturnCents: number;
  /** null when spend is 0 (shown "–") */
  roiPercent: number | null;
  /** null without finished runs (shown "–") */
  successRatePercent: number | null;
};

export type RoiDay = RunCounts & { day: string; hoursSaved: number; moneySavedCents: number };

export type RoiWorkflow = RunCounts & {
  id: string;
  name: string;
  status: Workflow["status"];
  hoursSaved: number;
  moneySavedCents: number;
  successRatePercent: number | null;
};

export type RoiData = {
  companyId: string;
  companyName: string;
  /** ISO 4217 code every amount is in */
  currency: string;
  hourlyRateCents: number;
  current: RoiFigures;
  /** the period of the same length just before */
  previous: RoiFigures;
  /** every day of the current range, oldest first; days without runs are zeros */
  days: RoiDay[];
  /** by money saved, most first; workflows without runs in the range are included unless archived */
  workflows: RoiWorkflow[];
  /** whether the company has ever recorded a run (false: the dashboard explains instead of showing zeros) */
  hasRuns: boolean;
};

export type CompanyBasis = { id: string; name: string; hourlyRateCents: number; currency: string };

const ZERO: RunCounts = { runs: 0, succeeded: 0, failed: 0, minutesSaved: 0 };

function inScope(scope: CompanyScope, companyId: string): boolean {
  return scope.kind === "all" || scope.companyIds.includes(companyId);
}

/**
 * The company's name, hourly rate (its own, else the platform default) and currency, or
 * null outside the scope. Currency: the one of the plan in force in the range's last month,
 * as the company is billed (and spend is netted against money saved) in it; the platform
 * currency when there is no plan. Hourly rates are read as amounts in that currency.
 */
export async function getCompanyBasis(
  db: Queryable,
  { scope, companyId, month }: { scope: CompanyScope; companyId: string; month: string },
): Promise<CompanyBasis | null> {
  if (!inScope(scope, companyId)) return null;
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      hourlyRateCents: sql<number>`coalesce(${companies.hourlyRateCents}, ${platformSettings.defaultHourlyRateCents}, 5000)`.mapWith(Number),
      settingsCurrency: sql<string>`coalesce(${platformSettings.currency}, 'USD')`,
    })
    .from(companies)
    .leftJoin(platformSettings, eq(platformSettings.id, true))
    .where(eq(companies.id, companyId))
    .limit(1);
  if (!row) return null;
  const planId = planIdInForce(await listPlanPeriods(db, { companyId }), month);
  let currency = row.settingsCurrency;
  if (planId) {
    const [plan] = await db.select({ currency: plans.currency }).from(plans).where(eq(plans.id, planId)).limit(1);
    if (plan) currency = plan.currency;
  }
  return { id: row.id, name: row.name, hourlyRateCents: row.hourlyRateCents, currency };
}

export type RollupFilter = { companyId: string; from: string; to: string; workflowId?: string | null };

/** The rollup rows of one company's range (and workflow), as a where clause. */
export function rollupWhere({ companyId, from, to, workflowId }: RollupFilter): SQL | undefined {
  return and(
    eq(executionDailyStats.companyId, companyId),
    gte(executionDailyStats.day, from),
    lte(executionDailyStats.day, to),
    workflowId ? eq(executionDailyStats.workflowId, workflowId) : undefined,
  );
}

// sum() of integer/bigint columns comes back as a string: map to numbers.
const countColumns = {
  runs: sql<number>`coalesce(sum(${executionDailyStats.runs}), 0)`.mapWith(Number),
  succeeded: sql<number>`coalesce(sum(${executionDailyStats.succeeded}), 0)`.mapWith(Number),
  failed: sql<number>`coalesce(sum(${executionDailyStats.failed}), 0)`.mapWith(Number),
  minutesSaved: sql<number>`coalesce(sum(${executionDailyStats.minutesSaved}), 0)`.mapWith(Number),
};

export async function rollupTotals(db: Queryable, filter: RollupFilter): Promise<RunCounts> {
  const [row] = await db.select(countColumns).from(executionDailyStats).where(rollupWhere(filter));
  return row ?? { ...ZERO };
}

/** Every day of the range, oldest first, with zeros for days without runs. */
export async function rollupByDay(db: Queryable, filter: RollupFilter, hourlyRateCents: number): Promise<RoiDay[]> {
  const rows = await db
    .select({ day: executionDailyStats.day, ...countColumns })
    .from(executionDailyStats)
    .where(rollupWhere(filter))
    .groupBy(executionDailyStats.day);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return rangeDays(filter).map((day) => {
    const counts = byDay.get(day) ?? ZERO;
    return {
      day,
      runs: counts.runs,
      succeeded: counts.succeeded,
      failed: counts.failed,
      minutesSaved: counts.minutesSaved,
      hoursSaved: hoursFromMinutes(counts.minutesSaved),
      moneySavedCents: moneyFromMinutes(counts.minutesSaved, hourlyRateCents),
    };
  });
}

export type CompanyWorkflow = { id: string; name: string; status: Workflow["status"] };

/** The company's workflows by name, archived ones included (their history still counts). */
export async function listCompanyWorkflows(db: Queryable, { companyId }: { companyId: string }): Promise<CompanyWorkflow[]> {
  return db
    .select({ id: workflows.id, name: workflows.name, status: workflows.status })
    .from(workflows)
    .where(eq(workflows.companyId, companyId))
    .orderBy(asc(workflows.name), asc(workflows.id));
}

/** The per-workflow order everywhere: money saved, most first; then name, then id. */
export function compareWorkflows(a: RoiWorkflow, b: RoiWorkflow): number {
  if (a.moneySavedCents !== b.moneySavedCents) return b.moneySavedCents - a.moneySavedCents;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A workflow's figures from its counts. */
export function workflowFigures(workflow: CompanyWorkflow, counts: RunCounts, hourlyRateCents: number): RoiWorkflow {
  return {
    id: workflow.id,
    name: workflow.name,
    status: workflow.status,
    runs: counts.runs,
    succeeded: counts.succeeded,
    failed: counts.failed,
    minutesSaved: counts.minutesSaved,
    hoursSaved: hoursFromMinutes(counts.minutesSaved),
    moneySavedCents: moneyFromMinutes(counts.minutesSaved, hourlyRateCents),
    successRatePercent: successRatePercent(counts.succeeded, counts.failed),
  };
}

/**
 * Which workflows a breakdown lists: with a workflow filter, that one; otherwise those
 * with runs in the range and every one not archived (a workflow that did nothing is worth
 * seeing too).
 */
export function includeWorkflow(workflow: CompanyWorkflow, counts: RunCounts | undefined, workflowId?: string | null): boolean {
  if (workflowId) return workflow.id === workflowId;
  return workflow.status !== "archived" || (counts !== undefined && counts.runs > 0);
}

/** The range's figures per workflow, in the breakdown order. */
export async function rollupByWorkflow(
  db: Queryable,
  filter: RollupFilter,
  { hourlyRateCents, companyWorkflows }: { hourlyRateCents: number; companyWorkflows: readonly CompanyWorkflow[] },
): Promise<RoiWorkflow[]> {
  const rows = await db
    .select({ workflowId: executionDailyStats.workflowId, ...countColumns })
    .from(executionDailyStats)
    .where(rollupWhere(filter))
    .groupBy(executionDailyStats.workflowId);
  const byWorkflow = new Map(rows.map((row) => [row.workflowId, row]));
  return companyWorkflows
    .filter((workflow) => includeWorkflow(workflow, byWorkflow.get(workflow.id), filter.workflowId))
    .map((workflow) => workflowFigures(workflow, byWorkflow.get(workflow.id) ?? ZERO, hourlyRateCents))
    .sort(compareWorkflows);
}

function figures(range: { from: string; to: string }, counts: RunCounts, hourlyRateCents: number, spendCents: number): RoiFigures {
  const moneySavedCents = moneyFromMinutes(counts.minutesSaved, hourlyRateCents);
  const netReturnCents = moneySavedCents - spendCents;
  return {
    from: range.from,
    to: range.to,
    days: rangeDays(range).length,
    ...counts,
    hoursSaved: hoursFromMinutes(counts.minutesSaved),
    moneySavedCents,
    spendCents,
    netReturnCents,
    roiPercent: roiPercent(netReturnCents, spendCents),
    successRatePercent: successRatePercent(counts.succeeded, counts.failed),
  };
}

/** Whether the company has ever recorded a run. */
export async function companyHasRuns(db: Queryable, { companyId }: { companyId: string }): Promise<boolean> {
  const rows = await db
    .select({ day: executionDailyStats.day })
    .from(executionDailyStats)
    .where(and(eq(executionDailyStats.companyId, companyId), gt(executionDailyStats.runs, 0)))
    .limit(1);
  return rows.length > 0;
}

/**
 * The ROI of one company over the inclusive UTC days [from, to] (validated by the caller,
 * lib/date-range.ts), with the previous period of the same length for comparison, the
 * days and the workflows. Null when the company is outside the scope or does not exist.
 */
export async function getRoi(
  db: Queryable,
  { scope, companyId, from, to, now }: { scope: CompanyScope; companyId: string; from: string; to: string; now: Date },
): Promise<RoiData | null> {
  const basis = await getCompanyBasis(db, { scope, companyId, month: `${to.slice(0, 8)}01` });
  if (!basis) return null;
  const current = { from, to };
  const previous = previousRange({ from, days: rangeDays(current).length });
  const filter = { companyId, from, to };

  const [companyWorkflows, bills, currentCounts, previousCounts, days, hasRuns] = await Promise.all([
    listCompanyWorkflows(db, { companyId }),
    monthBills(db, { scope, companyId, months: monthsBetween(previous.from, to), now }),
    rollupTotals(db, filter),
    rollupTotals(db, { companyId, from: previous.from, to: previous.to }),
    rollupByDay(db, filter, basis.hourlyRateCents),
    companyHasRuns(db, { companyId }),
  ]);
  const workflowRows = await rollupByWorkflow(db, filter, { hourlyRateCents: basis.hourlyRateCents, companyWorkflows });
  const monthTotals = bills ?? new Map<string, number>();

  return {
    companyId,
    companyName: basis.name,
    currency: basis.currency,
    hourlyRateCents: basis.hourlyRateCents,
    current: figures(current, currentCounts, basis.hourlyRateCents, spendForRange(monthTotals, from, to)),
    previous: figures(previous, previousCounts, basis.hourlyRateCents, spendForRange(monthTotals, previous.from, previous.to)),
    days,
    workflows: workflowRows,
    hasRuns,
  };
}
