import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
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
} from "../schema";

// Alerts and the workflow expectations they come from (PRODUCT.md §5 Alerts). The
// evaluator's reads are bounded by the number of workflows with an expectation, never by
// history: the workflow's last start (kept with every run write) and, per workflow, its
// newest finished runs through the (workflow, started_at) index.

/** Every workflow that may alert now: active, of an open company, with a cadence or a failure rule. */
export async function listAlertCandidates(db: Queryable) {
  return db
    .select({
      workflowId: workflows.id,
      companyId: workflows.companyId,
      workflowName: workflows.name,
      companyName: companies.name,
      lastRunAt: workflows.lastRunAt,
      cadenceKind: workflowExpectations.cadenceKind,
      intervalMinutes: workflowExpectations.intervalMinutes,
      cronExpression: workflowExpectations.cronExpression,
      timeZone: workflowExpectations.timeZone,
      graceMinutes: workflowExpectations.graceMinutes,
      failureStreak: workflowExpectations.failureStreak,
      failureRatePercent: workflowExpectations.failureRatePercent,
      failureRateWindow: workflowExpectations.failureRateWindow,
      failureRateMinRuns: workflowExpectations.failureRateMinRuns,
      since: workflowExpectations.since,
    })
    .from(workflowExpectations)
    .innerJoin(workflows, eq(workflows.id, workflowExpectations.workflowId))
    .innerJoin(companies, eq(companies.id, workflows.companyId))
    .where(
      and(
        eq(workflows.status, "active"),
        isNull(companies.archivedAt),
        ne(companies.status, "archived"),
        or(
          isNotNull(workflowExpectations.cadenceKind),
          isNotNull(workflowExpectations.failureStreak),
          isNotNull(workflowExpectations.failureRatePercent),
        ),
      ),
    );
}

export type AlertCandidate = Awaited<ReturnType<typeof listAlertCandidates>>[number];

/** Per workflow, whether each of its newest `limit` finished runs failed (newest first). */
export async function newestFinishedRuns(db: Queryable, { workflowIds, limit }: { workflowIds: string[]; limit: number }) {
  const result = new Map<string, boolean[]>();
  if (workflowIds.length === 0) return result;
  const rows = await db.execute<{ workflow_id: string; failed: boolean }>(sql`
    SELECT w.workflow_id, r.failed
    FROM unnest(${`{${workflowIds.join(",")}}`}::uuid[]) AS w(workflow_id)
    CROSS JOIN LATERAL (
      SELECT x.status = 'failed' AS failed, x.started_at, x.id
      FROM workflow_executions x
      WHERE x.workflow_id = w.workflow_id AND x.status <> 'running'
      ORDER BY x.started_at DESC, x.id DESC
      LIMIT ${limit}
    ) r
    ORDER BY w.workflow_id, r.started_at DESC, r.id DESC
  `);
  for (const row of rows) {
    const list = result.get(row.workflow_id) ?? [];
    list.push(row.failed);
    result.set(row.workflow_id, list);
  }
  return result;
}

/** Alerts that are not resolved (the partial index keeps this small). */
export async function listActiveAlerts(db: Queryable) {
  return db
    .select({
      id: alerts.id,
      companyId: alerts.companyId,
      workflowId: alerts.workflowId,
      condition: alerts.condition,
      state: alerts.state,
      openedAt: alerts.openedAt,
      snoozedUntil: alerts.snoozedUntil,
      clientsNotifiedAt: alerts.clientsNotifiedAt,
    })
    .from(alerts)
    .where(ne(alerts.state, "resolved"));
}

export async function appendAlertEvent(
  db: Queryable,
  event: { alertId: string; companyId: string; at: Date; kind: AlertEventKind; actorId?: string | null; note?: string | null },
) {
  await db.insert(alertEvents).values(event);
}

/**
 * Opens an alert, or nothing when one for the workflow and condition is already active (the
 * partial unique index decides, so concurrent evaluators open one). Returns the new id.
 */
export async function insertAlert(
  db: Queryable,
  alert: { companyId: string; workflowId: string; condition: AlertCondition; summary: string; openedAt: Date },
): Promise<string | null> {
  const rows = await db
    .insert(alerts)
    .values({ ...alert, state: "open" })
    .onConflictDoNothing({ target: [alerts.workflowId, alerts.condition], where: sql`${alerts.state} <> 'resolved'` })
    .returning({ id: alerts.id });
  return rows[0]?.id ?? null;
}

/**
 * Brings back the alert of this workflow and condition resolved since `after`, instead of
 * opening another: a flapping workflow keeps one alert (hysteresis). Null when there is
 * none, or when another evaluator already made one active.
 */
export async function reopenRecentAlert(
  db: Queryable,
  { workflowId, condition, after, summary }: { workflowId: string; condition: AlertCondition; after: Date; summary: string },
): Promise<{ id: string; companyId: string } | null> {
  const recent = db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.workflowId, workflowId), eq(alerts.condition, condition), eq(alerts.state, "resolved"), sql`${alerts.resolvedAt} > ${after.toISOString()}::timestamptz`))
    .orderBy(desc(alerts.resolvedAt))
    .limit(1);
  try {
    const rows = await db
      .update(alerts)
      .set({ state: "open", resolvedAt: null, summary, acknowledgedAt: null, acknowledgedById: null, acknowledgeNote: null, snoozedUntil: null })
      .where(and(inArray(alerts.id, recent), eq(alerts.state, "resolved")))
      .returning({ id: alerts.id, companyId: alerts.companyId });
    return rows[0] ?? null;
  } catch (error) {
    // another evaluator opened one meanwhile: the unique index refuses a second active alert
    if (postgresCode(error) === "23505") return null;
    throw error;
  }
}

function postgresCode(error: unknown): string | undefined {
  for (let current = error; typeof current === "object" && current !== null; current = (current as { cause?: unknown }).cause) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return undefined;
}

/** Resolves an active alert; returns it only to the one caller that did. */
export async function resolveAlert(db: Queryable, { id, at }: { id: string; at: Date }) {
  const rows = await db
    .update(alerts)
    .set({ state: "resolved", resolvedAt: at })
    .where(and(eq(alerts.id, id), ne(alerts.state, "resolved")))
    .returning({ id: alerts.id, companyId: alerts.companyId, workflowId: alerts.workflowId, condition: alerts.condition, clientsNotifiedAt: alerts.clientsNotifiedAt });
  return rows[0] ?? null;
}

/**
 * Claims the alerts whose clients should now be told: open (not acknowledged), not
 * snoozed, opened at least `before`, not told yet. One UPDATE, so each is told once.
 */
export async function claimClientEscalations(db: Queryable, { now, openedBefore }: { now: Date; openedBefore: Date }) {
  return db
    .update(alerts)
    .set({ clientsNotifiedAt: now })
    .where(
      and(
        eq(alerts.state, "open"),
        isNull(alerts.clientsNotifiedAt),
        lte(alerts.openedAt, openedBefore),
        or(isNull(alerts.snoozedUntil), lte(alerts.snoozedUntil, now)),
      ),
    )
    .returning({ id: alerts.id, companyId: alerts.companyId, workflowId: alerts.workflowId, condition: alerts.condition, summary: alerts.summary, openedAt: alerts.openedAt });
}

/** Users with their email and alert email preference, active only. */
export async function alertRecipients(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, alertEmail: users.alertEmail })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.active, true)))
    .orderBy(asc(users.email));
}

// ---------------------------------------------------------------- expectations (staff writes)

export type ExpectationValues = {
  cadenceKind: "interval" | "cron" | null;
  intervalMinutes: number | null;
  cronExpression: string | null;
  timeZone: string | null;
  graceMinutes: number;
  failureStreak: number | null;
  failureRatePercent: number | null;
  failureRateWindow: number;
  failureRateMinRuns: number;
};

export async function findExpectation(db: Queryable, workflowId: string) {
  const [row] = await db.select().from(workflowExpectations).where(eq(workflowExpectations.workflowId, workflowId)).limit(1);
  return row ?? null;
}

/** Saves a workflow's expectation; a changed cadence counts lateness from now on. */
export async function upsertExpectation(
  db: Queryable,
  { workflowId, companyId, values, updatedById, now }: { workflowId: string; companyId: string; values: ExpectationValues; updatedById: string; now: Date },
): Promise<void> {
  await db
    .insert(workflowExpectations)
    .values({ workflowId, companyId, ...values, since: now, updatedById })
    .onConflictDoUpdate({
      target: workflowExpectations.workflowId,
      set: {
        ...values,
        updatedById,
        since: sql`CASE WHEN ${workflowExpectations.cadenceKind} IS NOT DISTINCT FROM ${values.cadenceKind}::cadence_kind
          AND ${workflowExpectations.intervalMinutes} IS NOT DISTINCT FROM ${values.intervalMinutes}::int
          AND ${workflowExpectations.cronExpression} IS NOT DISTINCT FROM ${values.cronExpression}::text
          AND ${workflowExpectations.timeZone} IS NOT DISTINCT FROM ${values.timeZone}::text
          THEN ${workflowExpectations.since} ELSE ${now.toISOString()}::timestamptz END`,
      },
    });
}

// ---------------------------------------------------------------- staff actions on alerts

/** One alert, locked for the rest of the transaction. */
export async function lockAlert(db: Queryable, id: string) {
  const [row] = await db
    .select({ id: alerts.id, companyId: alerts.companyId, workflowId: alerts.workflowId, state: alerts.state, condition: alerts.condition, snoozedUntil: alerts.snoozedUntil })
    .from(alerts)
    .where(eq(alerts.id, id))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function acknowledgeAlert(db: Queryable, { id, by, note, at }: { id: string; by: string; note: string | null; at: Date }) {
  await db.update(alerts).set({ state: "acknowledged", acknowledgedAt: at, acknowledgedById: by, acknowledgeNote: note }).where(eq(alerts.id, id));
}

export async function snoozeAlert(db: Queryable, { id, until }: { id: string; until: Date }) {
  await db.update(alerts).set({ snoozedUntil: until }).where(eq(alerts.id, id));
}
