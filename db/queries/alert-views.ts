import "server-only";
import { and, asc, count, eq, inArray, ne, sql, type Column, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import {
  alertEvents,
  alerts,
  companies,
  users,
  workflowExpectations,
  workflows,
  type AlertCondition,
  type AlertEventKind,
  type AlertState,
  type Workflow,
} from "../schema";
import { newestFirst } from "./order";

// What the alert screens read (issue 15): the staff list and detail pages, the dashboard
// tile, and each workflow's health for staff and clients. Every read takes the viewer's
// company scope; the writes live in db/queries/alerts.ts. Client pages get only what a
// client may see (no staff notes, no staff names): see listWorkflowHealth.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The scope as a condition on a company id column; null when the scope reaches nothing. */
function scopeOn(column: Column, scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(column, [...scope.companyIds]);
}

/** "open" or "acknowledged": what still needs someone. */
export const ACTIVE_STATES = ["open", "acknowledged"] as const satisfies readonly AlertState[];

export type AlertStateFilter = AlertState | "active";

export type AlertFilters = {
  companyId?: string;
  workflowId?: string;
  state?: AlertStateFilter;
  condition?: AlertCondition;
};

export type AlertListItem = {
  id: string;
  companyId: string;
  companyName: string;
  workflowId: string;
  workflowName: string;
  condition: AlertCondition;
  state: AlertState;
  summary: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  /** the staff member's name, else their email; null when nobody acknowledged (or they were erased) */
  acknowledgedByName: string | null;
  snoozedUntil: Date | null;
  resolvedAt: Date | null;
};

/**
 * Keyset position: the (opened_at, id) of the last alert shown. `openedAt` keeps the
 * database's microseconds (a JS Date would round them), so it travels as text.
 */
type AlertCursor = { openedAt: string; id: string };

export function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(`${cursor.openedAt}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor of a "Next" link, or null when it is not one this module made. */
export function decodeAlertCursor(raw: string | null | undefined): AlertCursor | null {
  if (!raw || raw.length > 200) return null;
  const [openedAt, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !openedAt || !id || !CURSOR_AT.test(openedAt) || !UUID.test(id)) return null;
  return { openedAt, id };
}

const acknowledger = alias(users, "acknowledger");

const listColumns = {
  id: alerts.id,
  companyId: alerts.companyId,
  companyName: companies.name,
  workflowId: alerts.workflowId,
  workflowName: workflows.name,
  condition: alerts.condition,
  state: alerts.state,
  summary: alerts.summary,
  openedAt: alerts.openedAt,
  acknowledgedAt: alerts.acknowledgedAt,
  acknowledgedByName: sql<string | null>`coalesce(${acknowledger.name}, ${acknowledger.email})`,
  snoozedUntil: alerts.snoozedUntil,
  resolvedAt: alerts.resolvedAt,
};

function stateCondition(state: AlertStateFilter | undefined): SQL | undefined {
  if (!state) return undefined;
  return state === "active" ? ne(alerts.state, "resolved") : eq(alerts.state, state);
}

export const ALERTS_PAGE_SIZE = 50;

/**
 * The alerts in scope, newest first, one page at a time by keyset on (opened_at, id):
 * pass the previous page's `nextCursor` for the next one (null on the last page). An
 * unreadable cursor starts from the newest alert.
 */
export async function listAlerts(
  db: Queryable,
  {
    scope,
    filters = {},
    cursor = null,
    limit = ALERTS_PAGE_SIZE,
  }: { scope: CompanyScope; filters?: AlertFilters; cursor?: string | null; limit?: number },
): Promise<{ alerts: AlertListItem[]; nextCursor: string | null }> {
  const inScope = scopeOn(alerts.companyId, scope);
  if (inScope === null) return { alerts: [], nextCursor: null };
  if ((filters.companyId && !UUID.test(filters.companyId)) || (filters.workflowId && !UUID.test(filters.workflowId))) {
    return { alerts: [], nextCursor: null };
  }
  const conditions: (SQL | undefined)[] = [
    inScope,
    filters.companyId ? eq(alerts.companyId, filters.companyId) : undefined,
    filters.workflowId ? eq(alerts.workflowId, filters.workflowId) : undefined,
    stateCondition(filters.state),
    filters.condition ? eq(alerts.condition, filters.condition) : undefined,
  ];
  const position = decodeAlertCursor(cursor);
  if (position) {
    conditions.push(sql`(${alerts.openedAt}, ${alerts.id}) < (${position.openedAt}::timestamptz, ${position.id}::uuid)`);
  }

  const pageSize = Math.max(1, Math.min(limit, 200));
  const rows = await db
    .select({
      ...listColumns,
      cursorAt: sql<string>`to_char(${alerts.openedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(alerts)
    .innerJoin(workflows, eq(workflows.id, alerts.workflowId))
    .innerJoin(companies, eq(companies.id, alerts.companyId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedById))
    .where(and(...conditions))
    .orderBy(newestFirst(alerts.openedAt), newestFirst(alerts.id))
    .limit(pageSize + 1);

  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? encodeAlertCursor({ openedAt: last.cursorAt, id: last.id }) : null;
  return { alerts: page.map(({ cursorAt: _cursorAt, ...alert }) => alert), nextCursor };
}

export type AlertTimelineEvent = {
  id: string;
  at: Date;
  kind: AlertEventKind;
  note: string | null;
  /** the staff member who acted (name, else email); null for the evaluator */
  actorName: string | null;
};

export type AlertDetail = AlertListItem & {
  acknowledgeNote: string | null;
  clientsNotifiedAt: Date | null;
  events: AlertTimelineEvent[];
};

/** One alert in scope with its timeline (oldest first), or null when missing or out of scope. Staff only. */
export async function findAlert(db: Queryable, { scope, id }: { scope: CompanyScope; id: string }): Promise<AlertDetail | null> {
  const inScope = scopeOn(alerts.companyId, scope);
  if (inScope === null || !UUID.test(id)) return null;
  const [row] = await db
    .select({ ...listColumns, acknowledgeNote: alerts.acknowledgeNote, clientsNotifiedAt: alerts.clientsNotifiedAt })
    .from(alerts)
    .innerJoin(workflows, eq(workflows.id, alerts.workflowId))
    .innerJoin(companies, eq(companies.id, alerts.companyId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedById))
    .where(and(eq(alerts.id, id), inScope))
    .limit(1);
  if (!row) return null;
  const events = await db
    .select({
      id: alertEvents.id,
      at: alertEvents.at,
      kind: alertEvents.kind,
      note: alertEvents.note,
      actorName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.actorId))
    .where(and(eq(alertEvents.alertId, row.id), eq(alertEvents.companyId, row.companyId)))
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
  return { ...row, events };
}

export type ActiveAlertCounts = { total: number; late: number; failing: number; unacknowledged: number };

/** How many alerts in scope are active (open or acknowledged), by condition. */
export async function countActiveAlerts(db: Queryable, { scope }: { scope: CompanyScope }): Promise<ActiveAlertCounts> {
  const counts: ActiveAlertCounts = { total: 0, late: 0, failing: 0, unacknowledged: 0 };
  const inScope = scopeOn(alerts.companyId, scope);
  if (inScope === null) return counts;
  const rows = await db
    .select({ condition: alerts.condition, state: alerts.state, count: count() })
    .from(alerts)
    .where(and(ne(alerts.state, "resolved"), inScope))
    .groupBy(alerts.condition, alerts.state);
  for (const row of rows) {
    counts.total += row.count;
    counts[row.condition] += row.count;
    if (row.state === "open") counts.unacknowledged += row.count;
  }
  return counts;
}

/** A workflow's alerts, newest first (its history on the staff workflow page). */
export async function listWorkflowAlerts(
  db: Queryable,
  { scope, workflowId, limit = 20 }: { scope: CompanyScope; workflowId: string; limit?: number },
): Promise<AlertListItem[]> {
  const inScope = scopeOn(alerts.companyId, scope);
  if (inScope === null || !UUID.test(workflowId)) return [];
  return db
    .select(listColumns)
    .from(alerts)
    .innerJoin(workflows, eq(workflows.id, alerts.workflowId))
    .innerJoin(companies, eq(companies.id, alerts.companyId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedById))
    .where(and(eq(alerts.workflowId, workflowId), inScope))
    .orderBy(newestFirst(alerts.openedAt), newestFirst(alerts.id))
    .limit(Math.max(1, Math.min(limit, 100)));
}

/** A workflow's saved expectation, or null when it has none or is outside the scope (staff form). */
export async function findWorkflowExpectation(db: Queryable, { scope, workflowId }: { scope: CompanyScope; workflowId: string }) {
  const inScope = scopeOn(workflowExpectations.companyId, scope);
  if (inScope === null || !UUID.test(workflowId)) return null;
  const [row] = await db
    .select({
      cadenceKind: workflowExpectations.cadenceKind,
      intervalMinutes: workflowExpectations.intervalMinutes,
      cronExpression: workflowExpectations.cronExpression,
      timeZone: workflowExpectations.timeZone,
      graceMinutes: workflowExpectations.graceMinutes,
      failureStreak: workflowExpectations.failureStreak,
      failureRatePercent: workflowExpectations.failureRatePercent,
      failureRateWindow: workflowExpectations.failureRateWindow,
      failureRateMinRuns: workflowExpectations.failureRateMinRuns,
    })
    .from(workflowExpectations)
    .where(and(eq(workflowExpectations.workflowId, workflowId), inScope))
    .limit(1);
  return row ?? null;
}

export type WorkflowHealthState = "healthy" | "late" | "failing";

/**
 * A workflow's health as both areas show it. Only what a client may see: conditions,
 * whether staff acknowledged, and times; never a note or a staff member's name.
 */
export type WorkflowHealth = {
  workflowId: string;
  workflowName: string;
  status: Workflow["status"];
  lastRunAt: Date | null;
  /** it has a cadence or a failure rule: an unwatched workflow never alerts */
  watched: boolean;
  /** late when a late alert is active (it is not running at all), else failing, else healthy */
  state: WorkflowHealthState;
  /** every active alert is acknowledged by staff */
  acknowledged: boolean;
  /** the active alerts, oldest first */
  active: { id: string; condition: AlertCondition; state: AlertState; openedAt: Date }[];
};

/**
 * The health of a company's workflows (not archived), by name; with `workflowIds`, of
 * those only. Empty when the company is outside the scope.
 */
export async function listWorkflowHealth(
  db: Queryable,
  { scope, companyId, workflowIds }: { scope: CompanyScope; companyId: string; workflowIds?: readonly string[] },
): Promise<WorkflowHealth[]> {
  const inScope = scopeOn(workflows.companyId, scope);
  if (inScope === null || !UUID.test(companyId)) return [];
  const ids = workflowIds?.filter((id) => UUID.test(id));
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({
      workflowId: workflows.id,
      workflowName: workflows.name,
      status: workflows.status,
      lastRunAt: workflows.lastRunAt,
      watched: sql<boolean>`coalesce(${workflowExpectations.cadenceKind} IS NOT NULL OR ${workflowExpectations.failureStreak} IS NOT NULL OR ${workflowExpectations.failureRatePercent} IS NOT NULL, false)`,
    })
    .from(workflows)
    .leftJoin(workflowExpectations, eq(workflowExpectations.workflowId, workflows.id))
    .where(and(eq(workflows.companyId, companyId), ne(workflows.status, "archived"), inScope, ids ? inArray(workflows.id, ids) : undefined))
    .orderBy(asc(workflows.name), asc(workflows.id));
  if (rows.length === 0) return [];
  const active = await db
    .select({ id: alerts.id, workflowId: alerts.workflowId, condition: alerts.condition, state: alerts.state, openedAt: alerts.openedAt })
    .from(alerts)
    .where(
      and(
        eq(alerts.companyId, companyId),
        ne(alerts.state, "resolved"),
        scopeOn(alerts.companyId, scope) ?? undefined,
        inArray(
          alerts.workflowId,
          rows.map((row) => row.workflowId),
        ),
      ),
    )
    .orderBy(asc(alerts.openedAt), asc(alerts.id));
  return rows.map((row) => {
    const mine = active.filter((alert) => alert.workflowId === row.workflowId).map(({ workflowId: _workflowId, ...alert }) => alert);
    const state: WorkflowHealthState = mine.some((alert) => alert.condition === "late") ? "late" : mine.length > 0 ? "failing" : "healthy";
    return {
      ...row,
      state,
      acknowledged: mine.length > 0 && mine.every((alert) => alert.state === "acknowledged"),
      active: mine,
    };
  });
}
