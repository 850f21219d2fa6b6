import "server-only";
import { and, asc, count, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../client";
import { companies, companyPlans, plans, type Plan } from "../schema";

// Plans are the agency's price list, not tenant data: every staff screen may read them.
// Writes are admin-only (billing.manage); the commands check that before calling these.

export type PlanOption = Pick<Plan, "id" | "name" | "basePriceCents" | "includedRuns" | "overagePriceCents" | "currency">;

const planOptionColumns = {
  id: plans.id,
  name: plans.name,
  basePriceCents: plans.basePriceCents,
  includedRuns: plans.includedRuns,
  overagePriceCents: plans.overagePriceCents,
  currency: plans.currency,
};

/**
 * The plan a company is billed on for `month` ("YYYY-MM-01"), as SQL over `companies`: the
 * latest entry of its plan history starting on or before that month, else its first entry
 * (which covers the months before it). lib/billing.ts planIdInForce is the same rule, so
 * lists, usage and invoices agree with it.
 */
export function planIdInForceSql(month: string): SQL<string | null> {
  return sql<string | null>`coalesce(
    (SELECT ${companyPlans.planId} FROM ${companyPlans}
      WHERE ${companyPlans.companyId} = ${companies.id} AND ${companyPlans.fromMonth} <= ${month}::date
      ORDER BY ${companyPlans.fromMonth} DESC LIMIT 1),
    (SELECT ${companyPlans.planId} FROM ${companyPlans}
      WHERE ${companyPlans.companyId} = ${companies.id}
      ORDER BY ${companyPlans.fromMonth} ASC LIMIT 1))`;
}

/**
 * Every company's plan in force for `month`, as a derived table (company_id, plan_id) to
 * join on: the same rule as planIdInForceSql, read in one pass over the plan history. For
 * lists of every company: two index lookups per company, as the scalar form makes, cost
 * 7 ms at 200 companies where this costs 0.4 ms (BENCHMARKS.md). `name` must differ
 * between the derived tables of one query.
 */
export function plansInForce(db: Queryable, month: string, name = "plan_in_force") {
  const applies = sql`${companyPlans.fromMonth} <= ${month}::date`;
  return db
    .selectDistinctOn([companyPlans.companyId], {
      companyId: sql<string>`${companyPlans.companyId}`.as(`${name}_company_id`),
      planId: sql<string>`${companyPlans.planId}`.as(`${name}_plan_id`),
    })
    .from(companyPlans)
    // the latest entry that applies by then; without one, the first entry (it covers the months before it)
    .orderBy(companyPlans.companyId, sql`${applies} DESC`, sql`CASE WHEN ${applies} THEN ${companyPlans.fromMonth} END DESC`, asc(companyPlans.fromMonth))
    .as(name);
}

/** Every company's pending plan change after `month` (pendingPlanIdSql's rule), as a derived table. */
export function pendingPlans(db: Queryable, month: string, name = "pending_plan") {
  return db
    .selectDistinctOn([companyPlans.companyId], {
      companyId: sql<string>`${companyPlans.companyId}`.as(`${name}_company_id`),
      planId: sql<string>`${companyPlans.planId}`.as(`${name}_plan_id`),
      fromMonth: sql<string>`${companyPlans.fromMonth}::text`.as(`${name}_from`),
    })
    .from(companyPlans)
    .where(
      and(
        sql`${companyPlans.fromMonth} > ${month}::date`,
        sql`EXISTS (SELECT 1 FROM ${companyPlans} earlier WHERE earlier.company_id = ${companyPlans.companyId} AND earlier.from_month <= ${month}::date)`,
      ),
    )
    .orderBy(companyPlans.companyId, asc(companyPlans.fromMonth))
    .as(name);
}

/** The next entry of the history after `month` (the change scheduled next), as SQL. */
function pendingEntrySql(month: string, column: typeof companyPlans.planId | typeof companyPlans.fromMonth): SQL {
  return sql`(SELECT ${column} FROM ${companyPlans}
      WHERE ${companyPlans.companyId} = ${companies.id} AND ${companyPlans.fromMonth} > ${month}::date
        AND EXISTS (SELECT 1 FROM ${companyPlans} earlier
          WHERE earlier.company_id = ${companies.id} AND earlier.from_month <= ${month}::date)
      ORDER BY ${companyPlans.fromMonth} ASC LIMIT 1)`;
}

/** The plan the company moves to after `month`, or null when no change is scheduled. */
export function pendingPlanIdSql(month: string): SQL<string | null> {
  return sql<string | null>`${pendingEntrySql(month, companyPlans.planId)}`;
}

/** The first day ("YYYY-MM-01") of the month that pending plan applies from, or null. */
export function pendingPlanFromSql(month: string): SQL<string | null> {
  return sql<string | null>`${pendingEntrySql(month, companyPlans.fromMonth)}::text`;
}

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

export type PlanRecord = PlanOption & { active: boolean };

const planRecordColumns = { ...planOptionColumns, active: plans.active };

/** One plan, retired or not; null when there is none. */
export async function findPlan(db: Queryable, { id }: { id: string }): Promise<PlanRecord | null> {
  const [row] = await db.select(planRecordColumns).from(plans).where(eq(plans.id, id)).limit(1);
  return row ?? null;
}

/** One plan, locked until the transaction ends so two edits cannot interleave. */
export async function lockPlan(db: Queryable, { id }: { id: string }): Promise<PlanRecord | null> {
  const [row] = await db.select(planRecordColumns).from(plans).where(eq(plans.id, id)).limit(1).for("update");
  return row ?? null;
}

export type PlanListItem = PlanRecord & {
  /** companies (not archived) billed on it this month */
  companiesOnPlan: number;
  /** companies (not archived) moving to it from a later month */
  companiesMovingToPlan: number;
};

/** Every plan, active ones first, cheapest first, with how many companies are on it in `month`. */
export async function listPlans(db: Queryable, { month }: { month: string }): Promise<PlanListItem[]> {
  const notArchived = and(isNull(companies.archivedAt), ne(companies.status, "archived"));
  const inForce = plansInForce(db, month);
  const pending = pendingPlans(db, month);
  const onPlan = db
    // distinct alias names: drizzle refers to a subquery's aliased fields unqualified
    .select({ planId: sql<string>`${inForce.planId}`.as("on_plan_id"), total: count().as("on_plan_total") })
    .from(companies)
    .innerJoin(inForce, eq(inForce.companyId, companies.id))
    .where(notArchived)
    .groupBy(sql`1`)
    .as("on_plan");
  const movingTo = db
    .select({ planId: sql<string>`${pending.planId}`.as("moving_plan_id"), total: count().as("moving_total") })
    .from(companies)
    .innerJoin(pending, eq(pending.companyId, companies.id))
    .where(notArchived)
    .groupBy(sql`1`)
    .as("moving_to");
  return db
    .select({
      ...planRecordColumns,
      companiesOnPlan: sql<number>`coalesce(${onPlan.total}, 0)`.mapWith(Number),
      companiesMovingToPlan: sql<number>`coalesce(${movingTo.total}, 0)`.mapWith(Number),
    })
    .from(plans)
    .leftJoin(onPlan, eq(onPlan.planId, plans.id))
    .leftJoin(movingTo, eq(movingTo.planId, plans.id))
    .orderBy(sql`${plans.active} DESC`, asc(plans.basePriceCents), asc(plans.name));
}

/** Is the name already used (case-insensitively) by another plan? */
export async function isPlanNameTaken(db: Queryable, { name, exceptId }: { name: string; exceptId?: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(and(sql`lower(${plans.name}) = lower(${name})`, exceptId ? ne(plans.id, exceptId) : undefined))
    .limit(1);
  return row !== undefined;
}

export type PlanValues = Pick<Plan, "name" | "basePriceCents" | "includedRuns" | "overagePriceCents">;

export async function insertPlan(db: Queryable, values: PlanValues & { currency: string }): Promise<PlanRecord> {
  const [row] = await db.insert(plans).values(values).returning(planRecordColumns);
  if (!row) throw new Error("insert into plans returned no row");
  return row;
}

/** Writes the given columns of one plan; null when there was none. */
export async function updatePlan(
  db: Queryable,
  { id, values }: { id: string; values: Partial<PlanValues & { active: boolean }> },
): Promise<PlanRecord | null> {
  const [row] = await db.update(plans).set(values).where(eq(plans.id, id)).returning(planRecordColumns);
  return row ?? null;
}
