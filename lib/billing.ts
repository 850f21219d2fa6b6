// Billing arithmetic (PRODUCT.md §4), pure so that invoices, usage screens, the ROI
// dashboard's spend and the tests all compute money the same way. Months are calendar
// months in UTC, written as their first day: "2026-11-01". Money is integer cents.

export type PlanPrice = {
  basePriceCents: number;
  includedRuns: number;
  overagePriceCents: number;
};

export type InvoiceAmounts = {
  billableRuns: number;
  includedRuns: number;
  overageRuns: number;
  basePriceCents: number;
  overagePriceCents: number;
  overageCents: number;
  totalCents: number;
};

/** invoice = plan base + max(0, billable runs − included runs) × overage price. */
export function invoiceAmounts(plan: PlanPrice, billableRuns: number): InvoiceAmounts {
  const overageRuns = Math.max(0, billableRuns - plan.includedRuns);
  const overageCents = overageRuns * plan.overagePriceCents;
  return {
    billableRuns,
    includedRuns: plan.includedRuns,
    overageRuns,
    basePriceCents: plan.basePriceCents,
    overagePriceCents: plan.overagePriceCents,
    overageCents,
    totalCents: plan.basePriceCents + overageCents,
  };
}

/** The month (its first day, "YYYY-MM-01") that holds this instant, in UTC. */
export function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** "2026-11-01" → the Date of its first instant (UTC). */
export function monthStart(month: string): Date {
  const match = /^(\d{4})-(\d{2})-01$/.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/** The month `count` months after (or before, when negative) `month`. */
export function addMonths(month: string, count: number): string {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

export function daysInMonth(month: string): number {
  const start = monthStart(month);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
}

/** One entry of a company's plan history: the plan applies from this month on. */
export type PlanPeriod = { fromMonth: string; planId: string };

/**
 * The plan billed for `month` ("YYYY-MM-01"): the latest history entry starting on or
 * before it, else the first entry (a company's first plan covers the months before it).
 * A change made during a month is entered from the next one, so that month keeps its plan.
 * db/queries/plans.ts planIdInForceSql is the same rule in SQL.
 */
export function planIdInForce(history: readonly PlanPeriod[], month: string): string | null {
  let inForce: PlanPeriod | undefined;
  let first: PlanPeriod | undefined;
  for (const period of history) {
    if (!first || period.fromMonth < first.fromMonth) first = period;
    if (period.fromMonth <= month && (!inForce || period.fromMonth > inForce.fromMonth)) inForce = period;
  }
  return (inForce ?? first)?.planId ?? null;
}

/**
 * The billable runs a month will end with at its current pace: the runs so far scaled by
 * the share of the month that has passed. A month that has ended projects to its count.
 */
export function projectedBillableRuns(billableSoFar: number, month: string, now: Date): number {
  const start = monthStart(month).getTime();
  const end = monthStart(addMonths(month, 1)).getTime();
  const elapsed = Math.min(Math.max(now.getTime() - start, 0), end - start);
  if (elapsed >= end - start) return billableSoFar;
  // under an hour in, the pace says nothing yet
  if (elapsed < 3_600_000) return billableSoFar;
  return Math.round((billableSoFar * (end - start)) / elapsed);
}

/**
 * The days of a month that fall in [from, to] (both "YYYY-MM-DD", inclusive): how much of
 * that month's bill a date range carries when spend is shown for a range of days.
 */
export function overlapDays(month: string, from: string, to: string): number {
  const first = month;
  const last = `${month.slice(0, 8)}${String(daysInMonth(month)).padStart(2, "0")}`;
  const start = from > first ? from : first;
  const end = to < last ? to : last;
  if (start > end) return 0;
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The months that [from, to] touches, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = `${from.slice(0, 8)}01`; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/**
 * Spend for a range of days: each month's bill (its invoice, or for a month without one
 * what it would be billed) weighted by the share of its days the range covers, summed and
 * rounded once to whole cents.
 */
export function spendForRange(monthTotals: ReadonlyMap<string, number>, from: string, to: string): number {
  let spend = 0;
  for (const month of monthsBetween(from, to)) {
    const total = monthTotals.get(month) ?? 0;
    spend += (total * overlapDays(month, from, to)) / daysInMonth(month);
  }
  return Math.round(spend);
}
