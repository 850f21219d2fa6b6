// A company's plan history, written and read directly (db/schema.ts companyPlans), for
// tests that arrange companies without going through the plan commands.
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { companyPlans } from "@/db/schema";
import type { PlanPeriod } from "@/lib/billing";

/** From a month long before any test data: the plan covers every month. */
export const ALWAYS = "2020-01-01";

/** Replaces the company's plan history with `periods`. */
export async function setPlanHistory(db: Queryable, companyId: string, periods: readonly PlanPeriod[]): Promise<void> {
  await db.delete(companyPlans).where(eq(companyPlans.companyId, companyId));
  if (periods.length > 0) await db.insert(companyPlans).values(periods.map((period) => ({ companyId, ...period })));
}

export async function planHistoryOf(db: Queryable, companyId: string): Promise<PlanPeriod[]> {
  return db
    .select({ fromMonth: companyPlans.fromMonth, planId: companyPlans.planId })
    .from(companyPlans)
    .where(eq(companyPlans.companyId, companyId))
    .orderBy(asc(companyPlans.fromMonth));
}

/** Every company's history, by company id. */
export async function planHistories(db: Queryable): Promise<Map<string, PlanPeriod[]>> {
  const rows = await db.select().from(companyPlans).orderBy(asc(companyPlans.fromMonth));
  const histories = new Map<string, PlanPeriod[]>();
  for (const row of rows) {
    const history = histories.get(row.companyId) ?? [];
    history.push({ fromMonth: row.fromMonth, planId: row.planId });
    histories.set(row.companyId, history);
  }
  return histories;
}
