import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import type { PlanPeriod } from "@/lib/billing";
import type { Queryable } from "../client";
import { companyPlans, plans, users } from "../schema";

// A company's plan history (db/schema.ts companyPlans). Callers check companies.manage
// (writes) or the company's scope (reads) before calling these.

/** The history, oldest first: each plan and the month it applies from. */
export async function listPlanPeriods(db: Queryable, { companyId }: { companyId: string }): Promise<PlanPeriod[]> {
  return db
    .select({ fromMonth: companyPlans.fromMonth, planId: companyPlans.planId })
    .from(companyPlans)
    .where(eq(companyPlans.companyId, companyId))
    .orderBy(asc(companyPlans.fromMonth));
}

export type PlanHistoryEntry = PlanPeriod & {
  planName: string;
  setAt: Date;
  setByName: string | null;
};

/** The history with plan names and who set each entry, for the company page. */
export async function listPlanHistory(db: Queryable, { companyId }: { companyId: string }): Promise<PlanHistoryEntry[]> {
  return db
    .select({
      fromMonth: companyPlans.fromMonth,
      planId: companyPlans.planId,
      planName: plans.name,
      setAt: companyPlans.setAt,
      setByName: users.name,
    })
    .from(companyPlans)
    .innerJoin(plans, eq(plans.id, companyPlans.planId))
    .leftJoin(users, eq(users.id, companyPlans.setById))
    .where(eq(companyPlans.companyId, companyId))
    .orderBy(asc(companyPlans.fromMonth));
}

/**
 * Puts the company on `planId` from `fromMonth` on: that entry is written (replacing one
 * for the same month) and any entry scheduled after it is dropped, since a new decision
 * replaces every later one. Months before `fromMonth` keep their plan.
 */
export async function schedulePlan(
  db: Queryable,
  { companyId, planId, fromMonth, setById }: { companyId: string; planId: string; fromMonth: string; setById: string | null },
): Promise<void> {
  await dropPlansAfter(db, { companyId, month: fromMonth });
  await db
    .insert(companyPlans)
    .values({ companyId, planId, fromMonth, setById })
    .onConflictDoUpdate({
      target: [companyPlans.companyId, companyPlans.fromMonth],
      set: { planId, setById, setAt: new Date() },
    });
}

/** Cancels the changes scheduled after `month`. */
export async function dropPlansAfter(db: Queryable, { companyId, month }: { companyId: string; month: string }): Promise<number> {
  const dropped = await db
    .delete(companyPlans)
    .where(and(eq(companyPlans.companyId, companyId), gt(companyPlans.fromMonth, month)))
    .returning({ fromMonth: companyPlans.fromMonth });
  return dropped.length;
}
