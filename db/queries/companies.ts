import "server-only";
import { and, asc, count, eq, ilike, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { CompanyScope } from "@/lib/authz";
import { monthOf } from "@/lib/billing";
import type { Queryable } from "../client";
import { companies, platformSettings, plans, users, type Company } from "../schema";
import { pendingPlanFromSql, pendingPlanIdSql, pendingPlans, planIdInForceSql, plansInForce } from "./plans";

/** The companies an SE is assigned to (their "own" scope in lib/authz). */
export async function listAssignedCompanyIds(db: Queryable, seId: string): Promise<string[]> {
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.assignedSeId, seId), isNull(companies.archivedAt)));
  return rows.map((row) => row.id);
}

export type CompanyStatus = Company["status"];

/** The scope as a condition on companies.id; null when the scope reaches nothing. */
function scopeCondition(scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(companies.id, [...scope.companyIds]);
}

/** `text` as a literal ILIKE pattern: %, _ and \ match only themselves. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

const nextPlans = alias(plans, "next_plans");
const salesEngineers = alias(users, "sales_engineers");

export type CompanySummary = Pick<Company, "id" | "name" | "industry" | "status">;

export type CompanyListItem = CompanySummary & {
  /** the plan billed this month (a change that has come due counts as made) */
  planName: string | null;
  /** the plan from the next billing month, when a change is pending */
  nextPlanName: string | null;
  assignedSeId: string | null;
  assignedSeName: string | null;
  activeClientUsers: number;
};

export const COMPANIES_PAGE_SIZE = 25;

export type CompanyListFilters = { scope: CompanyScope; search?: string; status?: CompanyStatus };

function listCondition({ scope, search, status }: CompanyListFilters): SQL | undefined | null {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const term = search?.trim();
  return and(inScope, term ? ilike(companies.name, containsPattern(term)) : undefined, status ? eq(companies.status, status) : undefined);
}

/**
 * The companies in scope, by name, with their plan, SE and number of active client
 * users. `search` matches the name case-insensitively; `status` keeps one status.
 * The plan is the one in force at `now` (default: the current time). With `limit`, the
 * page of companies is chosen first and the plan history is read for its rows only.
 */
export async function listCompanies(
  db: Queryable,
  { now = new Date(), limit, offset = 0, ...filters }: CompanyListFilters & { now?: Date; limit?: number; offset?: number },
): Promise<CompanyListItem[]> {
  const month = monthOf(now);
  const where = listCondition(filters);
  if (where === null) return [];
  const activeClients = db
    .select({ companyId: users.companyId, total: count().as("total") })
    .from(users)
    .where(and(eq(users.role, "client"), eq(users.active, true)))
    .groupBy(users.companyId)
    .as("active_clients");
  const page =
    limit === undefined
      ? null
      : db
          .select({ id: companies.id })
          .from(companies)
          .where(where)
          .orderBy(asc(companies.name), asc(companies.id))
          .limit(limit)
          .offset(offset)
          .as("page");
  const query = db
    .select({
      id: companies.id,
      name: companies.name,
      industry: companies.industry,
      status: companies.status,
      planName: plans.name,
      nextPlanName: nextPlans.name,
      assignedSeId: companies.assignedSeId,
      assignedSeName: sql<string | null>`coalesce(${salesEngineers.name}, ${salesEngineers.email})`,
      activeClientUsers: sql<number>`coalesce(${activeClients.total}, 0)`.mapWith(Number),
    })
    .from(companies)
    .$dynamic();
  if (page) query.innerJoin(page, eq(page.id, companies.id));
  const inForce = plansInForce(db, month);
  const pending = pendingPlans(db, month);
  return query
    .leftJoin(inForce, eq(inForce.companyId, companies.id))
    .leftJoin(plans, eq(plans.id, inForce.planId))
    .leftJoin(pending, eq(pending.companyId, companies.id))
    .leftJoin(nextPlans, eq(nextPlans.id, pending.planId))
    .leftJoin(salesEngineers, eq(salesEngineers.id, companies.assignedSeId))
    .leftJoin(activeClients, eq(activeClients.companyId, companies.id))
    .where(page ? undefined : where)
    .orderBy(asc(companies.name), asc(companies.id));
}

/** How many companies the list has with these filters (for "N companies" above a page). */
export async function countCompanies(db: Queryable, filters: CompanyListFilters): Promise<number> {
  const where = listCondition(filters);
  if (where === null) return 0;
  const [row] = await db.select({ total: count() }).from(companies).where(where);
  return row?.total ?? 0;
}

/** Id and name of every company in scope, archived ones too (filters of logs that outlive them). */
export async function listCompanyNames(db: Queryable, { scope }: { scope: CompanyScope }): Promise<{ id: string; name: string }[]> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return [];
  return db.select({ id: companies.id, name: companies.name }).from(companies).where(inScope).orderBy(asc(companies.name), asc(companies.id));
}

export type CompanyDetail = CompanySummary & {
  /** null: the platform default applies */
  hourlyRateCents: number | null;
  defaultHourlyRateCents: number;
  currency: string;
  /** the plan billed this month (a change that has come due counts as made) */
  planId: string | null;
  planName: string | null;
  /** the plan from the next billing month, when a change is pending */
  nextPlanId: string | null;
  nextPlanName: string | null;
  /** the first day ("YYYY-MM-01") of the month the pending plan applies from */
  nextPlanFrom: string | null;
  assignedSeId: string | null;
  assignedSeName: string | null;
  assignedSeEmail: string | null;
  assignedSeActive: boolean | null;
  archivedAt: Date | null;
  createdAt: Date;
};

/** One company, or null when it does not exist or is outside the scope; its plan as of `now`. */
export async function findCompany(
  db: Queryable,
  { scope, id, now = new Date() }: { scope: CompanyScope; id: string; now?: Date },
): Promise<CompanyDetail | null> {
  const month = monthOf(now);
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      industry: companies.industry,
      status: companies.status,
      hourlyRateCents: companies.hourlyRateCents,
      defaultHourlyRateCents: sql<number>`coalesce(${platformSettings.defaultHourlyRateCents}, 5000)`.mapWith(Number),
      currency: sql<string>`coalesce(${platformSettings.currency}, 'USD')`,
      planId: planIdInForceSql(month),
      planName: plans.name,
      nextPlanId: pendingPlanIdSql(month),
      nextPlanName: nextPlans.name,
      nextPlanFrom: pendingPlanFromSql(month),
      assignedSeId: companies.assignedSeId,
      assignedSeName: salesEngineers.name,
      assignedSeEmail: salesEngineers.email,
      assignedSeActive: salesEngineers.active,
      archivedAt: companies.archivedAt,
      createdAt: companies.createdAt,
    })
    .from(companies)
    .leftJoin(plans, eq(plans.id, planIdInForceSql(month)))
    .leftJoin(nextPlans, eq(nextPlans.id, pendingPlanIdSql(month)))
    .leftJoin(salesEngineers, eq(salesEngineers.id, companies.assignedSeId))
    .leftJoin(platformSettings, eq(platformSettings.id, true))
    .where(and(eq(companies.id, id), inScope))
    .limit(1);
  return row ?? null;
}

export type CompanyUser = {
  id: string;
  name: string | null;
  email: string;
  active: boolean;
  lastSignInAt: Date | null;
};

/** The people who sign in for a company in scope, by name; none outside the scope. */
export async function listCompanyUsers(
  db: Queryable,
  { scope, companyId }: { scope: CompanyScope; companyId: string },
): Promise<CompanyUser[]> {
  if (scope.kind === "companies" && !scope.companyIds.includes(companyId)) return [];
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      active: users.active,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(asc(users.name), asc(users.email));
}

export type SalesEngineerOption = { id: string; name: string | null; email: string };

/** The users a company can be assigned to: active, with the role `se`. */
export async function listActiveSalesEngineers(db: Queryable): Promise<SalesEngineerOption[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, "se"), eq(users.active, true)))
    .orderBy(asc(users.name), asc(users.email));
}

/** The user, when it is an active SE; null for anyone else (a client, an admin, a deactivated SE). */
export async function findActiveSalesEngineer(db: Queryable, { id }: { id: string }): Promise<SalesEngineerOption | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "se"), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/** Is the name already used (case-insensitively) by another company in scope? */
export async function isCompanyNameTaken(
  db: Queryable,
  { scope, name, exceptId }: { scope: CompanyScope; name: string; exceptId?: string },
): Promise<boolean> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return false;
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(
      and(
        inScope,
        sql`lower(${companies.name}) = lower(${name})`,
        exceptId ? ne(companies.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The columns a company command reads and writes. */
export type CompanyRecord = Pick<
  Company,
  | "id"
  | "name"
  | "industry"
  | "hourlyRateCents"
  | "status"
  | "assignedSeId"
  | "archivedAt"
>;

const companyRecordColumns = {
  id: companies.id,
  name: companies.name,
  industry: companies.industry,
  hourlyRateCents: companies.hourlyRateCents,
  status: companies.status,
  assignedSeId: companies.assignedSeId,
  archivedAt: companies.archivedAt,
};

/**
 * A company in scope, locked until the transaction ends so two edits cannot interleave;
 * null when it does not exist or is outside the scope.
 */
export async function lockCompany(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<CompanyRecord | null> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const [row] = await db
    .select(companyRecordColumns)
    .from(companies)
    .where(and(eq(companies.id, id), inScope))
    .limit(1)
    .for("update");
  return row ?? null;
}

export type NewCompany = Pick<
  Company,
  "name" | "industry" | "hourlyRateCents" | "status" | "assignedSeId"
>;

export async function insertCompany(db: Queryable, values: NewCompany): Promise<CompanyRecord> {
  const [row] = await db.insert(companies).values(values).returning(companyRecordColumns);
  if (!row) throw new Error("insert into companies returned no row");
  return row;
}

export type CompanyChanges = Partial<Omit<CompanyRecord, "id">>;

/** Writes the changed columns of one company in scope; null when none was there to change. */
export async function updateCompany(
  db: Queryable,
  { scope, id, values }: { scope: CompanyScope; id: string; values: CompanyChanges },
): Promise<CompanyRecord | null> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const [row] = await db
    .update(companies)
    .set(values)
    .where(and(eq(companies.id, id), inScope))
    .returning(companyRecordColumns);
  return row ?? null;
}

export type CompanyDefaults = { defaultHourlyRateCents: number; currency: string };

/** The platform defaults a company without its own hourly rate falls back to. */
export async function getCompanyDefaults(db: Queryable): Promise<CompanyDefaults> {
  const [row] = await db
    .select({ defaultHourlyRateCents: platformSettings.defaultHourlyRateCents, currency: platformSettings.currency })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1);
  return row ?? { defaultHourlyRateCents: 5000, currency: "USD" };
}
