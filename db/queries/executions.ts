import "server-only";
import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable, Transaction } from "../client";
import {
  companies,
  connectionWorkflows,
  engineConnections,
  executionDailyStats,
  executionHourlyStats,
  runStatusEvents,
  workflowExecutions,
  workflows,
  type ExecutionStatus,
  type Workflow,
  type WorkflowExecution,
} from "../schema";
import { newestFirst, oldestFirst } from "./order";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

export type ExecutionReport = {
  companyId: string;
  workflowId: string;
  externalId: string;
  status: ExecutionStatus;
  startedAt: Date;
  finishedAt: Date | null;
  errorMessage: string | null;
};

export type RecordedExecution = {
  execution: Pick<WorkflowExecution, "id" | "workflowId" | "companyId" | "status" | "startedAt" | "finishedAt" | "errorMessage">;
  /** a new row */
  created: boolean;
  /** the row or its status changed (a duplicate or stale delivery changes nothing) */
  changed: boolean;
  /**
   * a new row, or the report's outcome (status, finish, error) replaced the stored one: a
   * status event for the run's history. Not when only the start moved earlier.
   */
  outcomeChanged: boolean;
  previousStatus: ExecutionStatus | null;
};

const FINISHED = new Set<ExecutionStatus>(["succeeded", "failed", "cancelled"]);

type Contribution = {
  runs: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  totalDurationMs: number;
  minutesSaved: number;
};

/** What one run adds to its day's rollup. */
function contributionOf(run: {
  status: ExecutionStatus;
  durationMs: number | null;
  minutesSaved: number | null;
}): Contribution {
  return {
    runs: 1,
    running: run.status === "running" ? 1 : 0,
    succeeded: run.status === "succeeded" ? 1 : 0,
    failed: run.status === "failed" ? 1 : 0,
    cancelled: run.status === "cancelled" ? 1 : 0,
    totalDurationMs: run.durationMs ?? 0,
    minutesSaved: run.status === "succeeded" ? (run.minutesSaved ?? 0) : 0,
  };
}

/** What decides a run's final state: its status, finish and error message. */
type Outcome = { status: ExecutionStatus; finishedAt: Date | null; errorMessage: string | null };

/**
 * A total order on a run's reported outcomes, so the final state is a function of the set
 * of reports received, whatever their order: a finished report beats a running one; between
 * finished ones the later finish wins, then the status (alphabetically), then the error
 * message. Positive when `a` beats `b`, zero when they are the same outcome.
 */
export function compareOutcomes(a: Outcome, b: Outcome): number {
  const finished = Number(FINISHED.has(a.status)) - Number(FINISHED.has(b.status));
  if (finished !== 0 || !FINISHED.has(a.status)) return finished;
  const at = (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0);
  if (at !== 0) return at;
  if (a.status !== b.status) return a.status > b.status ? 1 : -1;
  const [x, y] = [a.errorMessage ?? "", b.errorMessage ?? ""];
  return x === y ? 0 : x > y ? 1 : -1;
}

type DailyDelta = { companyId: string; workflowId: string; day: string } & Contribution;
type HourlyDelta = { companyId: string; workflowId: string; hour: Date; runs: number; succeeded: number; failed: number };

/**
 * The rollup changes of the runs recorded in one transaction, summed per rollup row and
 * written together at its end (applyRollupChanges). The rows stay locked only from that
 * write to the commit, not while the runs are recorded: concurrent reports of the same
 * workflows would otherwise queue behind each other's whole transaction.
 */
export class RollupChanges {
  readonly daily = new Map<string, DailyDelta>();
  readonly hourly = new Map<string, HourlyDelta>();
  /** per workflow, the latest-started run changed here */
  readonly lastRuns = new Map<string, { startedAt: Date; status: ExecutionStatus }>();

  add(
    key: { companyId: string; workflowId: string; startedAt: Date },
    before: Contribution | null,
    after: Contribution,
    status: ExecutionStatus,
    { lastRun = true }: { lastRun?: boolean } = {},
  ): void {
    const delta = (field: keyof Contribution) => after[field] - (before?.[field] ?? 0);
    const day = key.startedAt.toISOString().slice(0, 10);
    const daily = this.daily.get(`${key.workflowId}|${day}`) ?? {
      companyId: key.companyId,
      workflowId: key.workflowId,
      day,
      runs: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      totalDurationMs: 0,
      minutesSaved: 0,
    };
    for (const field of CONTRIBUTION_FIELDS) daily[field] += delta(field);
    this.daily.set(`${key.workflowId}|${day}`, daily);

    const hour = new Date(Math.floor(key.startedAt.getTime() / 3_600_000) * 3_600_000);
    const hourlyKey = `${key.workflowId}|${hour.toISOString()}`;
    const hourly = this.hourly.get(hourlyKey) ?? { companyId: key.companyId, workflowId: key.workflowId, hour, runs: 0, succeeded: 0, failed: 0 };
    hourly.runs += delta("runs");
    hourly.succeeded += delta("succeeded");
    hourly.failed += delta("failed");
    this.hourly.set(hourlyKey, hourly);

    const last = this.lastRuns.get(key.workflowId);
    if (!lastRun) return;
    if (!last || last.startedAt.getTime() <= key.startedAt.getTime()) {
      this.lastRuns.set(key.workflowId, { startedAt: key.startedAt, status });
    }
  }
}

const NO_CONTRIBUTION: Contribution = { runs: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, totalDurationMs: 0, minutesSaved: 0 };

const CONTRIBUTION_FIELDS = ["runs", "running", "succeeded", "failed", "cancelled", "totalDurationMs", "minutesSaved"] as const;

/** Values in key order: every transaction locks rollup rows in the same order. */
const inKeyOrder = <T>(entries: Map<string, T>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);

/**
 * Writes the summed rollup changes and the workflows' "last run": one upsert per rollup
 * table and one update per workflow, sent together (postgres-js pipelines a
 * transaction's concurrent queries).
 */
export async function applyRollupChanges(tx: Transaction, changes: RollupChanges): Promise<void> {
  const daily = inKeyOrder(changes.daily).filter((row) => CONTRIBUTION_FIELDS.some((field) => row[field] !== 0));
  const hourly = inKeyOrder(changes.hourly).filter((row) => row.runs !== 0 || row.succeeded !== 0 || row.failed !== 0);
  const s = executionDailyStats;
  const h = executionHourlyStats;
  const plus = (column: AnyPgColumn, name: string) => sql`${column} + excluded.${sql.identifier(name)}`;
  await Promise.all([
    daily.length === 0
      ? null
      : tx
          .insert(s)
          .values(daily)
          .onConflictDoUpdate({
            target: [s.workflowId, s.day],
            set: {
              runs: plus(s.runs, "runs"),
              running: plus(s.running, "running"),
              succeeded: plus(s.succeeded, "succeeded"),
              failed: plus(s.failed, "failed"),
              cancelled: plus(s.cancelled, "cancelled"),
              totalDurationMs: plus(s.totalDurationMs, "total_duration_ms"),
              minutesSaved: plus(s.minutesSaved, "minutes_saved"),
            },
          })
          .execute(),
    hourly.length === 0
      ? null
      : tx
          .insert(h)
          .values(hourly)
          .onConflictDoUpdate({
            target: [h.workflowId, h.hour],
            set: { runs: plus(h.runs, "runs"), succeeded: plus(h.succeeded, "succeeded"), failed: plus(h.failed, "failed") },
          })
          .execute(),
    ...[...changes.lastRuns]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([workflowId, run]) => touchWorkflowLastRun(tx, { workflowId, ...run })),
  ]);
}

/**
 * Records one delivery of a run, idempotently on (workflow, externalId), and adds exactly
 * the difference it makes to the rollups to `changes`, which the caller applies in the
 * same transaction, so the run and its rollup change commit together. Concurrent
 * deliveries of one run serialise on the unique index and then on the row lock.
 */
export async function recordExecution(
  tx: Transaction,
  report: ExecutionReport,
  /** where the rollup change goes; the caller applies it before committing */
  changes: RollupChanges,
  /** the workflow's minutes saved per run now (kept on the run when it finishes) */
  minutesSavedPerRun: number,
): Promise<RecordedExecution> {
  const finished = FINISHED.has(report.status);
  const minutes = finished ? minutesSavedPerRun : null;
  const durationMs =
    finished && report.finishedAt ? Math.max(0, report.finishedAt.getTime() - report.startedAt.getTime()) : null;

  const columns = {
    id: workflowExecutions.id,
    workflowId: workflowExecutions.workflowId,
    companyId: workflowExecutions.companyId,
    status: workflowExecutions.status,
    startedAt: workflowExecutions.startedAt,
    finishedAt: workflowExecutions.finishedAt,
    durationMs: workflowExecutions.durationMs,
    minutesSaved: workflowExecutions.minutesSaved,
    errorMessage: workflowExecutions.errorMessage,
  };

  const [inserted] = await tx
    .insert(workflowExecutions)
    .values({
      companyId: report.companyId,
      workflowId: report.workflowId,
      externalId: report.externalId,
      status: report.status,
      startedAt: report.startedAt,
      finishedAt: finished ? report.finishedAt : null,
      durationMs,
      minutesSaved: minutes,
      errorMessage: report.status === "failed" ? report.errorMessage : null,
    })
    .onConflictDoNothing({ target: [workflowExecutions.workflowId, workflowExecutions.externalId] })
    .returning(columns);

  if (inserted) {
    changes.add(inserted, null, contributionOf(inserted), inserted.status);
    return { execution: inserted, created: true, changed: true, outcomeChanged: true, previousStatus: null };
  }

  const [stored] = await tx
    .select(columns)
    .from(workflowExecutions)
    .where(
      and(eq(workflowExecutions.workflowId, report.workflowId), eq(workflowExecutions.externalId, report.externalId)),
    )
    .for("update");
  if (!stored) throw new Error("execution vanished under its row lock");

  // The final state depends only on the set of reports: the earliest start any report
  // gave, and the outcome that wins compareOutcomes (with the minutes saved in force when it
  // was recorded).
  const incoming: Outcome = {
    status: report.status,
    finishedAt: finished ? report.finishedAt : null,
    errorMessage: report.status === "failed" ? report.errorMessage : null,
  };
  const reportWins = compareOutcomes(incoming, stored) > 0;
  const startedAt = report.startedAt.getTime() < stored.startedAt.getTime() ? report.startedAt : stored.startedAt;
  const outcome = reportWins ? { ...incoming, minutesSaved: minutes } : { status: stored.status, finishedAt: stored.finishedAt, errorMessage: stored.errorMessage, minutesSaved: stored.minutesSaved };
  const next = {
    ...outcome,
    startedAt,
    durationMs: outcome.finishedAt ? Math.max(0, outcome.finishedAt.getTime() - startedAt.getTime()) : null,
  };
  const startMoved = startedAt.getTime() !== stored.startedAt.getTime();
  if (!reportWins && !startMoved) {
    return { execution: stored, created: false, changed: false, outcomeChanged: false, previousStatus: stored.status };
  }
  const [updated] = await tx.update(workflowExecutions).set(next).where(eq(workflowExecutions.id, stored.id)).returning(columns);
  if (!updated) throw new Error("execution update returned nothing");
  if (startMoved) {
    // the run moves to another rollup day or hour: out of the old one, into the new one
    changes.add(stored, contributionOf(stored), NO_CONTRIBUTION, stored.status, { lastRun: false });
    changes.add(updated, null, contributionOf(updated), updated.status);
  } else {
    changes.add(stored, contributionOf(stored), contributionOf(updated), updated.status);
  }
  return { execution: updated, created: false, changed: true, outcomeChanged: reportWins, previousStatus: stored.status };
}

// ---------------------------------------------------------------- status history

export type StatusEventInput = Pick<WorkflowExecution, "id" | "status" | "finishedAt" | "errorMessage">;

/**
 * Writes the status events of one recorded batch (one company's) in one statement,
 * whatever the number of runs: the rows travel as one JSON parameter, so the statement's
 * text is the same for every batch. `runs` are in the order their changes were made (a
 * run's own reports keep theirs); each row is stamped with the database's clock and its
 * position in the batch.
 */
export async function recordStatusEvents(tx: Transaction, companyId: string, runs: readonly StatusEventInput[]): Promise<void> {
  if (runs.length === 0) return;
  const rows = runs.map((run, ordinal) => ({
    run_id: run.id,
    status: run.status,
    finished_at: run.finishedAt?.toISOString() ?? null,
    error_message: run.errorMessage,
    ordinal,
  }));
  await tx.execute(sql`
    INSERT INTO ${runStatusEvents} (run_id, company_id, status, finished_at, error_message, ordinal, seen_at)
    SELECT e.run_id, ${companyId}::uuid, e.status, e.finished_at, e.error_message, e.ordinal, clock_timestamp()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS e (run_id uuid, status execution_status, finished_at timestamptz, error_message text, ordinal integer)`);
}

export type RunStatusEvent = {
  id: string;
  /** null for a run recorded before the history was kept: first reported, status not kept */
  status: ExecutionStatus | null;
  finishedAt: Date | null;
  errorMessage: string | null;
  /** when Nexus saw it (its own clock) */
  seenAt: Date;
};

/**
 * A run's status events, oldest first, in scope only (a run of a company outside the scope
 * has none). Served by the (run_id, seen_at, ordinal) index.
 */
export async function listRunStatusEvents(
  db: Queryable,
  { scope, runId }: { scope: CompanyScope; runId: string },
): Promise<RunStatusEvent[]> {
  if (scope.kind === "companies" && scope.companyIds.length === 0) return [];
  const r = runStatusEvents;
  return db
    .select({ id: r.id, status: r.status, finishedAt: r.finishedAt, errorMessage: r.errorMessage, seenAt: r.seenAt })
    .from(r)
    .where(and(eq(r.runId, runId), scope.kind === "companies" ? inArray(r.companyId, [...scope.companyIds]) : undefined))
    .orderBy(r.seenAt, r.ordinal)
    // a run changes outcome only when a report beats the stored one: a handful at most
    .limit(500);
}

/** Keeps the workflow's "last run" in step when this run is its latest. */
function touchWorkflowLastRun(
  tx: Transaction,
  run: { workflowId: string; startedAt: Date; status: ExecutionStatus },
): Promise<unknown> {
  return tx
    .update(workflows)
    .set({ lastRunAt: run.startedAt, lastRunStatus: run.status })
    .where(
      and(
        eq(workflows.id, run.workflowId),
        sql`(${workflows.lastRunAt} IS NULL OR ${workflows.lastRunAt} <= ${run.startedAt.toISOString()}::timestamptz)`,
      ),
    )
    .execute();
}

// ---------------------------------------------------------------- the run log

export type ExecutionCursor = { startedAt: Date; id: string };

export type ExecutionLogRow = {
  id: string;
  status: ExecutionStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  minutesSaved: number | null;
  errorMessage: string | null;
  workflowId: string;
  workflowName: string;
  companyId: string;
  companyName: string;
};

export function encodeCursor(cursor: ExecutionCursor): string {
  return Buffer.from(`${cursor.startedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string | undefined): ExecutionCursor | null {
  if (!value) return null;
  const [time, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const startedAt = new Date(time ?? "");
  if (Number.isNaN(startedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { startedAt, id };
}

export type ExecutionLogFilters = {
  scope: CompanyScope;
  status?: ExecutionStatus;
  companyId?: string;
  workflowId?: string;
  /** the engine's run id, exactly (a bare n8n execution id also finds its n8n-<id> run) */
  externalId?: string;
  from?: Date;
  to?: Date;
  cursor?: ExecutionCursor | null;
  limit?: number;
};

/**
 * Runs newest first, filtered and scoped, paged by keyset on (started_at, id): page 500
 * costs what page 1 does. Returns one page and the cursor of the next, if any.
 */
export async function listExecutions(
  db: Queryable,
  filters: ExecutionLogFilters,
): Promise<{ rows: ExecutionLogRow[]; next: ExecutionCursor | null }> {
  const limit = filters.limit ?? 50;
  if (filters.scope.kind === "companies" && filters.scope.companyIds.length === 0) return { rows: [], next: null };
  const rows = await executionLogQuery(db, filters);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { startedAt: last.startedAt, id: last.id } : null };
}

/**
 * The run log's statement, one row more than a page (the caller knows there is a next
 * page). Apart so the tests can EXPLAIN exactly what the run log runs. A search by the
 * engine's run id is served by the index on external_id, whatever the scope.
 */
export function executionLogQuery(db: Queryable, filters: ExecutionLogFilters) {
  const limit = filters.limit ?? 50;
  const e = workflowExecutions;
  const conditions: (SQL | undefined)[] = [
    filters.scope.kind === "companies" ? inArray(e.companyId, [...filters.scope.companyIds]) : undefined,
    filters.status ? eq(e.status, filters.status) : undefined,
    filters.companyId ? eq(e.companyId, filters.companyId) : undefined,
    filters.workflowId ? eq(e.workflowId, filters.workflowId) : undefined,
    filters.externalId ? inArray(e.externalId, engineRunIds(filters.externalId)) : undefined,
    filters.from ? gte(e.startedAt, filters.from) : undefined,
    filters.to ? lt(e.startedAt, filters.to) : undefined,
    filters.cursor
      ? sql`(${e.startedAt}, ${e.id}) < (${filters.cursor.startedAt.toISOString()}::timestamptz, ${filters.cursor.id}::uuid)`
      : undefined,
  ];
  const companyIds = filters.scope.kind === "companies" && !filters.companyId ? filters.scope.companyIds : [];
  // Several companies: only each one's newest qualify (the scope condition is the first one).
  const where =
    companyIds.length > 1
      ? inArray(e.id, newestPerCompany(companyIds, and(...conditions.slice(1)), limit + 1))
      : and(...conditions);
  return db
    .select({
      id: e.id,
      status: e.status,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      durationMs: e.durationMs,
      minutesSaved: e.minutesSaved,
      errorMessage: e.errorMessage,
      workflowId: e.workflowId,
      workflowName: workflows.name,
      companyId: e.companyId,
      companyName: companies.name,
    })
    .from(e)
    .innerJoin(workflows, eq(workflows.id, e.workflowId))
    .innerJoin(companies, eq(companies.id, e.companyId))
    .where(where)
    .orderBy(newestFirst(e.startedAt), newestFirst(e.id))
    .limit(limit + 1);
}

/** What an engine run id typed into the search may be stored as. */
export function engineRunIds(text: string): string[] {
  const id = text.trim();
  // n8n shows its execution ids bare; runs of an n8n connection are stored as n8n-<id>
  return /^\d+$/.test(id) ? [id, `n8n-${id}`] : [id];
}

/**
 * The ids of the newest `limit` runs of each of several companies, each from its own
 * (company, started_at, id) index. Scanning the global newest-first index and skipping
 * other companies' runs costs as many rows as the busiest other company has sent lately
 * (25,000 rows, 36 ms for an SE at a million runs); this costs `limit` rows a company.
 */
function newestPerCompany(companyIds: readonly string[], conditions: SQL | undefined, limit: number): SQL {
  const e = workflowExecutions;
  return sql`(
    SELECT newest.id FROM unnest(${`{${companyIds.join(",")}}`}::uuid[]) AS scope (company_id)
    CROSS JOIN LATERAL (
      SELECT ${e.id} FROM ${e}
      WHERE ${e.companyId} = scope.company_id ${conditions ? sql`AND ${conditions}` : sql``}
      ORDER BY ${newestFirst(e.startedAt)}, ${newestFirst(e.id)}
      LIMIT ${limit}
    ) AS newest
  )`;
}

export type RunningExecution = { id: string; workflowId: string; workflowName: string; startedAt: Date };

/**
 * A company's runs in progress right now, oldest first (served by the partial index on
 * running runs, so it stays cheap however many finished runs there are).
 */
export async function listRunningExecutions(
  db: Queryable,
  { scope, companyId, limit = 20 }: { scope: CompanyScope; companyId: string; limit?: number },
): Promise<RunningExecution[]> {
  if (scope.kind === "companies" && !scope.companyIds.includes(companyId)) return [];
  const e = workflowExecutions;
  return db
    .select({ id: e.id, workflowId: e.workflowId, workflowName: workflows.name, startedAt: e.startedAt })
    .from(e)
    .innerJoin(workflows, eq(workflows.id, e.workflowId))
    .where(and(eq(e.companyId, companyId), eq(e.status, "running")))
    .orderBy(e.startedAt)
    .limit(limit);
}

// ---------------------------------------------------------------- one run

export type ExecutionDetail = {
  id: string;
  /** the engine's own run id (n8n-<execution id> for runs of an n8n connection) */
  externalId: string;
  status: ExecutionStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  minutesSaved: number | null;
  errorMessage: string | null;
  /** when Nexus first stored the run, and when a later report last changed it */
  firstReportedAt: Date;
  lastChangedAt: Date;
  workflowId: string;
  workflowName: string;
  workflowPlatform: Workflow["platform"];
  companyId: string;
  companyName: string;
  /** the n8n connection feeding the workflow, if one does: where the engine's own page is */
  engine: { baseUrl: string; externalWorkflowId: string } | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One run in scope, or null: a run of a company outside the scope answers like a missing one. */
export async function findExecution(db: Queryable, { scope, id }: { scope: CompanyScope; id: string }): Promise<ExecutionDetail | null> {
  if (!UUID.test(id)) return null;
  if (scope.kind === "companies" && scope.companyIds.length === 0) return null;
  const e = workflowExecutions;
  const [row] = await db
    .select({
      id: e.id,
      externalId: e.externalId,
      status: e.status,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      durationMs: e.durationMs,
      minutesSaved: e.minutesSaved,
      errorMessage: e.errorMessage,
      firstReportedAt: e.createdAt,
      lastChangedAt: e.updatedAt,
      workflowId: e.workflowId,
      workflowName: workflows.name,
      workflowPlatform: workflows.platform,
      companyId: e.companyId,
      companyName: companies.name,
      engineBaseUrl: engineConnections.baseUrl,
      externalWorkflowId: connectionWorkflows.externalWorkflowId,
    })
    .from(e)
    .innerJoin(workflows, eq(workflows.id, e.workflowId))
    .innerJoin(companies, eq(companies.id, e.companyId))
    .leftJoin(connectionWorkflows, eq(connectionWorkflows.workflowId, e.workflowId))
    .leftJoin(engineConnections, eq(engineConnections.id, connectionWorkflows.connectionId))
    .where(and(eq(e.id, id), scope.kind === "companies" ? inArray(e.companyId, [...scope.companyIds]) : undefined))
    .limit(1);
  if (!row) return null;
  const { engineBaseUrl, externalWorkflowId, ...run } = row;
  return { ...run, engine: engineBaseUrl && externalWorkflowId ? { baseUrl: engineBaseUrl, externalWorkflowId } : null };
}

export type NeighbourRun = { id: string; status: ExecutionStatus; startedAt: Date };

/**
 * The runs of the same workflow just before and just after one run, in the run log's order
 * (started_at, id), each from the (workflow, started_at, id) index.
 */
export async function neighbourExecutions(
  db: Queryable,
  run: { workflowId: string; id: string },
): Promise<{ older: NeighbourRun | null; newer: NeighbourRun | null }> {
  const e = workflowExecutions;
  // the run's own stored position: a JavaScript Date holds milliseconds, the column microseconds
  const position = sql`(SELECT started_at, id FROM workflow_executions WHERE id = ${run.id}::uuid)`;
  const columns = { id: e.id, status: e.status, startedAt: e.startedAt };
  const [older, newer] = await Promise.all([
    db
      .select(columns)
      .from(e)
      .where(and(eq(e.workflowId, run.workflowId), sql`(${e.startedAt}, ${e.id}) < ${position}`))
      .orderBy(newestFirst(e.startedAt), newestFirst(e.id))
      .limit(1),
    db
      .select(columns)
      .from(e)
      .where(and(eq(e.workflowId, run.workflowId), sql`(${e.startedAt}, ${e.id}) > ${position}`))
      .orderBy(oldestFirst(e.startedAt), oldestFirst(e.id))
      .limit(1),
  ]);
  return { older: older[0] ?? null, newer: newer[0] ?? null };
}
