import "server-only";
import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { companies, workflows } from "../schema";

// Choices for filter selects: only what the viewer's scope reaches.

export async function companyOptions(db: Queryable, { scope }: { scope: CompanyScope }) {
  if (scope.kind === "companies" && scope.companyIds.length === 0) return [];
  return db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(isNull(companies.archivedAt), scope.kind === "companies" ? inArray(companies.id, [...scope.companyIds]) : undefined))
    .orderBy(asc(companies.name));
}

export async function workflowOptions(db: Queryable, { scope, companyId }: { scope: CompanyScope; companyId?: string }) {
  if (scope.kind === "companies" && scope.companyIds.length === 0) return [];
  return db
    .select({ id: workflows.id, name: workflows.name, companyName: companies.name })
    .from(workflows)
    .innerJoin(companies, eq(companies.id, workflows.companyId))
    .where(
      and(
        ne(workflows.status, "archived"),
        scope.kind === "companies" ? inArray(workflows.companyId, [...scope.companyIds]) : undefined,
        companyId ? eq(workflows.companyId, companyId) : undefined,
      ),
    )
    .orderBy(asc(companies.name), asc(workflows.name));
}
