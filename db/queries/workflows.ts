import "server-only";
import { and, asc, eq, ilike, inArray, isNull, ne, sql, type Column, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { companies, platformSettings, workflowExecutions, workflows, type Workflow, type WorkflowExecution } from "../schema";
import { newestFirst } from "./order";

// Workflows and their runs, always through the viewer's company scope. Runs are written
// only by the ingestion API (db/queries/executions.ts); this module only reads them.

export type WorkflowStatus = Workflow["status"];
export type WorkflowPlatform = Workflow["platform"];
export type WorkflowTrigger = Workflow["trigger"];

/** The scope as a condition on a company id column; null when the scope reaches nothing. */
function scopeOn(column: Column, scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(column, [...scope.companyIds]);
}

/** `text` as a literal ILIKE pattern: %, _ and \ match only themselves. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The column default of db/schema.ts, for a database whose settings row was never written.
const DEFAULT_MINUTES_SAVED_PER_RUN = 5;

/** The platform's default minutes saved per run, which applies where a workflow has none. */
export async function defaultMinutesSavedPerRun(db: Queryable): Promise<number> {
  const [row] = await db
    .select({ minutes: platformSettings.defaultMinutesSavedPerRun })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1);
  return row?.minutes ?? DEFAULT_MINUTES_SAVED_PER_RUN;
}

export type WorkflowCompanyOption = { id: string; name: string };

/**
 * The companies in scope, by name, for the company filter and the create form.
 * `openOnly` leaves out archived companies (no new workflows there).
 */
export async function listWorkflowCompanies(
  db: Queryable,
  { scope, openOnly = false }: { scope: CompanyScope; openOnly?: boolean },
): Promise<WorkflowCompanyOption[]> {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return [];
  return db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(inScope, openOnly ? isNull(companies.archivedAt) : undefined))
    .orderBy(asc(companies.name), asc(companies.id));
}

/** One open (not archived) company in scope, or null: where a new workflow may go. */
export async function findOpenCompanyInScope(
  db: Queryable,
  { scope, companyId }: { scope: CompanyScope; companyId: string },
): Promise<WorkflowCompanyOption | null> {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return null;
  const [row] = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.id, companyId), isNull(companies.archivedAt), inScope))
    .limit(1);
  return row ?? null;
}

export type WorkflowListItem = {
  id: string;
  name: string;
  companyId: string;
  companyName: string;
  platform: WorkflowPlatform;
  trigger: WorkflowTrigger;
  /** null: the platform default applies */
  minutesSavedPerRun: number | null;
  status: WorkflowStatus;
  lastRunAt: Date | null;
  lastRunStatus: Workflow["lastRunStatus"];
};

export type WorkflowListFilters = {
  companyId?: string;
  /** one status; without it, every status but archived (archived ones show only when asked for) */
  status?: WorkflowStatus;
  /** part of the name, case-insensitive */
  search?: string;
};

export const WORKFLOWS_PAGE_SIZE = 25;

/**
 * The workflows in scope, by name, one page at a time (limit + 1 tells whether there is
 * a next page). Archived workflows are left out unless `status` is "archived".
 */
export async function listWorkflows(
  db: Queryable,
  {
    scope,
    filters = {},
    page = 1,
    pageSize = WORKFLOWS_PAGE_SIZE,
  }: { scope: CompanyScope; filters?: WorkflowListFilters; page?: number; pageSize?: number },
): Promise<{ workflows: WorkflowListItem[]; hasNext: boolean }> {
  const inScope = scopeOn(workflows.companyId, scope);
  if (inScope === null) return { workflows: [], hasNext: false };
  const conditions: (SQL | undefined)[] = [
    inScope,
    filters.status ? eq(workflows.status, filters.status) : ne(workflows.status, "archived"),
  ];
  if (filters.companyId) {
    if (!UUID.test(filters.companyId)) return { workflows: [], hasNext: false };
    conditions.push(eq(workflows.companyId, filters.companyId));
  }
  const term = filters.search?.trim();
  if (term) conditions.push(ilike(workflows.name, containsPattern(term)));

  const size = Math.max(1, Math.min(pageSize, 100));
  const pageNumber = Number.isSafeInteger(page) && page > 0 ? page : 1;
  const rows = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      companyId: workflows.companyId,
      companyName: companies.name,
      platform: workflows.platform,
      trigger: workflows.trigger,
      minutesSavedPerRun: workflows.minutesSavedPerRun,
      status: workflows.status,
      lastRunAt: workflows.lastRunAt,
      lastRunStatus: workflows.lastRunStatus,
    })
    .from(workflows)
    .innerJoin(companies, eq(companies.id, workflows.companyId))
    .where(and(...conditions))
    .orderBy(asc(workflows.name), asc(companies.name), asc(workflows.id))
    .limit(size + 1)
    .offset((pageNumber - 1) * size);
  return { workflows: rows.slice(0, size), hasNext: rows.length > size };
}

export type WorkflowDetail = WorkflowListItem & {
  description: string;
  createdAt: Date;
  updatedAt: Date;
};

/** One workflow, or null when it does not exist or is outside the scope. */
export async function findWorkflow(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<WorkflowDetail | null> {
  const inScope = scopeOn(workflows.companyId, scope);
  if (inScope === null || !UUID.test(id)) return null;
  const [row] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      companyId: workflows.companyId,
      companyName: companies.name,
      description: workflows.description,
      platform: workflows.platform,
      trigger: workflows.trigger,
      minutesSavedPerRun: workflows.minutesSavedPerRun,
      status: workflows.status,
      lastRunAt: workflows.lastRunAt,
      lastRunStatus: workflows.lastRunStatus,
      createdAt: workflows.createdAt,
      updatedAt: workflows.updatedAt,
    })
    .from(workflows)
    .innerJoin(companies, eq(companies.id, workflows.companyId))
    .where(and(eq(workflows.id, id), inScope))
    .limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------- writes

/** The fields staff edit, as stored. */
export type WorkflowSettings = {
  name: string;
  description: string;
  platform: WorkflowPlatform;
  trigger: WorkflowTrigger;
  minutesSavedPerRun: number | null;
};

export type LockedWorkflow = WorkflowSettings & { id: string; companyId: string; status: WorkflowStatus };

/**
 * One workflow in scope, locked for the rest of the transaction so that concurrent
 * edits audit true "from" values; null when it does not exist or is outside the scope.
 */
export async function lockWorkflow(
  tx: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<LockedWorkflow | null> {
  const inScope = scopeOn(workflows.companyId, scope);
  if (inScope === null || !UUID.test(id)) return null;
  const [row] = await tx
    .select({
      id: workflows.id,
      companyId: workflows.companyId,
      status: workflows.status,
      name: workflows.name,
      description: workflows.description,
      platform: workflows.platform,
      trigger: workflows.trigger,
      minutesSavedPerRun: workflows.minutesSavedPerRun,
    })
    .from(workflows)
    .where(and(eq(workflows.id, id), inScope))
    .limit(1)
    .for("update");
  return row ?? null;
}

/** A new active workflow; returns its id. The caller has checked the company is in scope. */
export async function insertWorkflow(
  tx: Queryable,
  values: WorkflowSettings & { companyId: string },
): Promise<string> {
  const [row] = await tx.insert(workflows).values({ ...values, status: "active" }).returning({ id: workflows.id });
  if (!row) throw new Error("insert into workflows returned no row");
  return row.id;
}

/**
 * Changes a workflow's settings and/or status. Only the workflow row changes: each run
 * keeps the minutes saved it stored when it finished, so past runs are never rewritten.
 */
export async function updateWorkflow(
  tx: Queryable,
  { id, values }: { id: string; values: Partial<WorkflowSettings> & { status?: WorkflowStatus } },
): Promise<void> {
  await tx.update(workflows).set(values).where(eq(workflows.id, id));
}

// ---------------------------------------------------------------- run history

export type WorkflowRun = Pick<
  WorkflowExecution,
  "id" | "status" | "startedAt" | "finishedAt" | "durationMs" | "minutesSaved" | "errorMessage"
>;

/**
 * Keyset position: the (started_at, id) of the last run shown. `startedAt` keeps the
 * database's microseconds (a JS Date would round them to milliseconds and skip runs that
 * started in the same millisecond), so it travels as text.
 */
type RunCursor = { startedAt: string; id: string };

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(`${cursor.startedAt}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor of a "Next" link, or null when it is not one this module made. */
export function decodeRunCursor(raw: string | null | undefined): RunCursor | null {
  if (!raw || raw.length > 200) return null;
  const [startedAt, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !startedAt || !id || !CURSOR_AT.test(startedAt) || !UUID.test(id)) return null;
  return { startedAt, id };
}

export const RUNS_PAGE_SIZE = 25;

/**
 * A workflow's runs in scope, newest first, one page at a time by keyset on
 * (started_at, id): pass the previous page's `nextCursor` for the next one, which is null
 * on the last page. An unreadable cursor starts from the newest run.
 */
export async function listWorkflowRuns(
  db: Queryable,
  {
    scope,
    workflowId,
    cursor = null,
    limit = RUNS_PAGE_SIZE,
  }: { scope: CompanyScope; workflowId: string; cursor?: string | null; limit?: number },
): Promise<{ runs: WorkflowRun[]; nextCursor: string | null }> {
  const inScope = scopeOn(workflowExecutions.companyId, scope);
  if (inScope === null || !UUID.test(workflowId)) return { runs: [], nextCursor: null };
  const conditions: (SQL | undefined)[] = [eq(workflowExecutions.workflowId, workflowId), inScope];
  const position = decodeRunCursor(cursor);
  if (position) {
    conditions.push(
      sql`(${workflowExecutions.startedAt}, ${workflowExecutions.id}) < (${position.startedAt}::timestamptz, ${position.id}::uuid)`,
    );
  }

  const pageSize = Math.max(1, Math.min(limit, 200));
  const rows = await db
    .select({
      id: workflowExecutions.id,
      status: workflowExecutions.status,
      startedAt: workflowExecutions.startedAt,
      cursorAt: sql<string>`to_char(${workflowExecutions.startedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      finishedAt: workflowExecutions.finishedAt,
      durationMs: workflowExecutions.durationMs,
      minutesSaved: workflowExecutions.minutesSaved,
      errorMessage: workflowExecutions.errorMessage,
    })
    .from(workflowExecutions)
    .where(and(...conditions))
    .orderBy(newestFirst(workflowExecutions.startedAt), newestFirst(workflowExecutions.id))
    .limit(pageSize + 1);

  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? encodeRunCursor({ startedAt: last.cursorAt, id: last.id }) : null;
  return { runs: page.map(({ cursorAt: _cursorAt, ...run }) => run), nextCursor };
}
