import "server-only";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { companies, workflows, type Workflow } from "../schema";

/** The scope as a condition on a company id column; null when the scope reaches nothing. */
function scopeCondition(scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(workflows.companyId, [...scope.companyIds]);
}

export type WorkflowListItem = {
  id: string;
  name: string;
  status: Workflow["status"];
  lastRunAt: Date | null;
  lastRunStatus: Workflow["lastRunStatus"];
};

/** The workflows in scope, by name, with their last run. */
export async function listWorkflows(db: Queryable, { scope }: { scope: CompanyScope }): Promise<WorkflowListItem[]> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return [];
  return db
    .select({
      id: workflows.id,
      name: workflows.name,
      status: workflows.status,
      lastRunAt: workflows.lastRunAt,
      lastRunStatus: workflows.lastRunStatus,
    })
    .from(workflows)
    .where(inScope)
    .orderBy(asc(workflows.name), asc(workflows.id));
}

export type WorkflowDetail = WorkflowListItem & {
  companyId: string;
  companyName: string;
  description: string;
  platform: Workflow["platform"];
  trigger: Workflow["trigger"];
  /** null: the platform default applies */
  minutesSavedPerRun: number | null;
};

/** One workflow, or null when it does not exist or is outside the scope. */
export async function findWorkflow(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<WorkflowDetail | null> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const [row] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      status: workflows.status,
      lastRunAt: workflows.lastRunAt,
      lastRunStatus: workflows.lastRunStatus,
      companyId: workflows.companyId,
      companyName: companies.name,
      description: workflows.description,
      platform: workflows.platform,
      trigger: workflows.trigger,
      minutesSavedPerRun: workflows.minutesSavedPerRun,
    })
    .from(workflows)
    .innerJoin(companies, eq(companies.id, workflows.companyId))
    .where(and(eq(workflows.id, id), inScope))
    .limit(1);
  return row ?? null;
}
