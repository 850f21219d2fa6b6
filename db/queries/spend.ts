import "server-only";
import { and, eq, gte, inArray, lt, min, sql } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import { addMonths, invoiceAmounts, monthOf, planIdInForce, projectedBillableRuns, spendForRange, monthsBetween } from "@/lib/billing";
import type { Queryable } from "../client";
import { companies, executionDailyStats, invoices, plans } from "../schema";
import { listPlanPeriods } from "./company-plans";

// What a company was billed (PRODUCT.md §4 "spend"), month by month, by the rules the
// invoices follow too: a month with an invoice costs that invoice's total (nothing when
// it was voided); a month without one costs what it would be billed: the plan in force
// that month (lib/billing.ts planIdInForce), its base price plus overage on the month's
// billable runs (succeeded + failed, from the daily rollup), projected to the month's end
// for the month in progress. No plan: nothing. Months before the company started (the
// earlier of its creation and its first recorded run) cost nothing either: nobody is
// billed for a month before they were a client.

function inScope(scope: CompanyScope, companyId: string): boolean {
  return scope.kind === "all" || scope.companyIds.includes(companyId);
}

/**
 * Each month's bill in cents, for "YYYY-MM-01" months; null when the company is outside
 * the scope or does not exist.
 */
export async function monthBills(
  db: Queryable,
  { scope, companyId, months, now }: { scope: CompanyScope; companyId: string; months: readonly string[]; now: Date },
): Promise<Map<string, number> | null> {
  if (!inScope(scope, companyId)) return null;
  const [company] = await db
    .select({ createdAt: companies.createdAt })
    .from(companies)
    .where(eq(companies.id, companyId))
    .limit(1);
  if (!company) return null;

  const bills = new Map<string, number>();
  const wanted = [...new Set(months)].sort();
  const first = wanted[0];
  const last = wanted[wanted.length - 1];
  if (first === undefined || last === undefined) return bills;

  const [history, invoiceRows, runRows, [firstRun]] = await Promise.all([
    listPlanPeriods(db, { companyId }),
    db
      .select({ month: invoices.month, status: invoices.status, totalCents: invoices.totalCents })
      .from(invoices)
      .where(and(eq(invoices.companyId, companyId), inArray(invoices.month, wanted))),
    db
      .select({
        month: sql<string>`to_char(${executionDailyStats.day}, 'YYYY-MM') || '-01'`,
        billable: sql<number>`coalesce(sum(${executionDailyStats.succeeded} + ${executionDailyStats.failed}), 0)`.mapWith(Number),
      })
      .from(executionDailyStats)
      .where(
        and(
          eq(executionDailyStats.companyId, companyId),
          gte(executionDailyStats.day, first),
          lt(executionDailyStats.day, addMonths(last, 1)),
        ),
      )
      .groupBy(sql`1`),
    db
      .select({ day: min(executionDailyStats.day) })
      .from(executionDailyStats)
      .where(eq(executionDailyStats.companyId, companyId)),
  ]);

  // a month's invoice that is not void wins over voided ones, whatever order they come in
  const invoiceByMonth = new Map<string, (typeof invoiceRows)[number]>();
  for (const row of invoiceRows) {
    const seen = invoiceByMonth.get(row.month);
    if (!seen || (seen.status === "void" && row.status !== "void")) invoiceByMonth.set(row.month, row);
  }
  const billableByMonth = new Map(runRows.map((row) => [row.month, row.billable]));
  const createdMonth = monthOf(company.createdAt);
  const firstRunMonth = firstRun?.day ? `${firstRun.day.slice(0, 8)}01` : null;
  const startMonth = firstRunMonth !== null && firstRunMonth < createdMonth ? firstRunMonth : createdMonth;

  const planIds = [
    ...new Set(wanted.map((month) => planIdInForce(history, month)).filter((id): id is string => id !== null)),
  ];
  const planRows =
    planIds.length === 0
      ? []
      : await db
          .select({
            id: plans.id,
            basePriceCents: plans.basePriceCents,
            includedRuns: plans.includedRuns,
            overagePriceCents: plans.overagePriceCents,
          })
          .from(plans)
          .where(inArray(plans.id, planIds));
  const planById = new Map(planRows.map((plan) => [plan.id, plan]));

  for (const month of wanted) {
    const invoice = invoiceByMonth.get(month);
    if (invoice) {
      bills.set(month, invoice.status === "void" ? 0 : invoice.totalCents);
      continue;
    }
    const planId = planIdInForce(history, month);
    const plan = planId ? planById.get(planId) : undefined;
    if (!plan || month < startMonth) {
      bills.set(month, 0);
      continue;
    }
    const billable = projectedBillableRuns(billableByMonth.get(month) ?? 0, month, now);
    bills.set(month, invoiceAmounts(plan, billable).totalCents);
  }
  return bills;
}

/**
 * Spend for the inclusive UTC days [from, to]: each month's bill weighted by the share of
 * its days in the range (lib/billing.ts spendForRange). Null outside the scope.
 */
export async function getSpend(
  db: Queryable,
  { scope, companyId, from, to, now }: { scope: CompanyScope; companyId: string; from: string; to: string; now: Date },
): Promise<number | null> {
  const bills = await monthBills(db, { scope, companyId, months: monthsBetween(from, to), now });
  return bills === null ? null : spendForRange(bills, from, to);
}
