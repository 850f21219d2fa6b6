import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "../client";
import { plans, type Plan } from "../schema";

// Plans are the agency's price list, not tenant data: every staff screen may read them.

export type PlanOption = Pick<Plan, "id" | "name" | "basePriceCents" | "includedRuns" | "overagePriceCents" | "currency">;

const planOptionColumns = {
  id: plans.id,
  name: plans.name,
  basePriceCents: plans.basePriceCents,
  includedRuns: plans.includedRuns,
  overagePriceCents: plans.overagePriceCents,
  currency: plans.currency,
};

/** The plans a company can be put on, cheapest first. */
export async function listActivePlans(db: Queryable): Promise<PlanOption[]> {
  return db
    .select(planOptionColumns)
    .from(plans)
    .where(eq(plans.active, true))
    .orderBy(asc(plans.basePriceCents), asc(plans.name));
}

/** One plan a company can be put on, or null when it does not exist or is retired. */
export async function findActivePlan(db: Queryable, { id }: { id: string }): Promise<PlanOption | null> {
  const [row] = await db
    .select(planOptionColumns)
    .from(plans)
    .where(and(eq(plans.id, id), eq(plans.active, true)))
    .limit(1);
  return row ?? null;
}
