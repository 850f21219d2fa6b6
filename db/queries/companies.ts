import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { companies, type Company } from "../schema";

/** The companies an SE is assigned to (their "own" scope in lib/authz). */
export async function listAssignedCompanyIds(db: Queryable, seId: string): Promise<string[]> {
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.assignedSeId, seId), isNull(companies.archivedAt)));
  return rows.map((row) => row.id);
}

export type CompanySummary = Pick<Company, "id" | "name" | "industry" | "status">;

const companySummaryColumns = {
  id: companies.id,
  name: companies.name,
  industry: companies.industry,
  status: companies.status,
};

/** The companies in scope, by name. */
export async function listCompanies(db: Queryable, { scope }: { scope: CompanyScope }): Promise<CompanySummary[]> {
  if (scope.kind === "companies" && scope.companyIds.length === 0) return [];
  return db
    .select(companySummaryColumns)
    .from(companies)
    .where(scope.kind === "all" ? undefined : inArray(companies.id, [...scope.companyIds]))
    .orderBy(asc(companies.name), asc(companies.id));
}

/** One company, or null when it does not exist or is outside the scope. */
export async function findCompany(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<CompanySummary | null> {
  if (scope.kind === "companies" && !scope.companyIds.includes(id)) return null;
  const [row] = await db.select(companySummaryColumns).from(companies).where(eq(companies.id, id)).limit(1);
  return row ?? null;
}
