import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import {
  applyRollupChanges,
  recordExecution,
  recordStatusEvents,
  RollupChanges,
  type RecordedExecution,
  type StatusEventInput,
} from "@/db/queries/executions";
import { platformSettings, workflows, type ExecutionStatus } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { DEFAULT_GROUP_MINUTES, storeCompanyNotification } from "./notify";
import { channels, publishEach } from "./realtime";

// The one recording path for runs, whoever brings them: the ingestion API (pushed reports)
// and the engine syncs (pulled executions). Same idempotency on (workflow, externalId),
// rollups, failure notifications and realtime events for both.

export type RunReport = {
  workflowId: string;
  externalId: string;
  status: ExecutionStatus;
  /** ISO 8601 */
  startedAt: string;
  finishedAt?: string | null;
  errorMessage?: string | null;
};

export type RecordOptions = {
  /** tell the company's clients about runs that have just failed (off for history imports) */
  notifyFailures?: boolean;
};

export type RecordRunsOutcome = { recorded: RecordedExecution[] } | { missing: number };

/**
 * Records the reports of one company in one transaction as nexus_app scoped to that
 * company (db/tenant.ts), so a run cannot land in another company's data. All or
 * nothing: a workflow that is not the company's answers `{ missing: index }` and writes
 * nothing. After the commit, the changed runs and the notifications are pushed (publishing
 * never throws into the caller).
 */
export async function recordRuns(
  db: Database,
  companyId: string,
  reports: readonly RunReport[],
  options: RecordOptions = {},
): Promise<RecordRunsOutcome> {
  const tenant = { kind: "companies", companyIds: [companyId] } as const;
  const outcome = await retryOnDeadlock(() =>
    withTenant(db, tenant, (tx) => recordReports(tx, db, companyId, reports, options.notifyFailures ?? true)),
  );
  if ("missing" in outcome) return outcome;
  const { recorded, pushNotifications } = outcome;
  const events = recorded.flatMap(({ run, workflowName }) =>
    run.changed
      ? [
          {
            id: run.execution.id,
            workflowId: run.execution.workflowId,
            workflowName,
            companyId: run.execution.companyId,
            status: run.execution.status,
            startedAt: run.execution.startedAt.toISOString(),
            finishedAt: run.execution.finishedAt?.toISOString() ?? null,
          },
        ]
      : [],
  );
  await Promise.all([
    publishEach([channels.company(companyId), channels.staff], "run.updated", events),
    ...pushNotifications.map((push) => push()),
  ]);
  return { recorded: recorded.map(({ run }) => run) };
}

type Recorded = { run: RecordedExecution; workflowName: string };

/**
 * Records the reports in the caller's (tenant) transaction. The workflows and their
 * minutes saved per run are read in one query; a workflow that is not the company's
 * answers `{ missing: index }` before anything is written.
 */
async function recordReports(
  tx: Transaction,
  db: Database,
  companyId: string,
  reports: readonly RunReport[],
  notifyFailures: boolean,
): Promise<{ recorded: Recorded[]; pushNotifications: (() => Promise<void>)[] } | { missing: number }> {
  const ids = [...new Set(reports.map((report) => report.workflowId.toLowerCase()))];
  const found = await tx
    .select({
      id: workflows.id,
      name: workflows.name,
      minutes: sql<number>`coalesce(${workflows.minutesSavedPerRun}, ${platformSettings.defaultMinutesSavedPerRun}, 0)`.mapWith(Number),
      groupMinutes: sql<number>`coalesce(${platformSettings.notificationGroupMinutes}, ${DEFAULT_GROUP_MINUTES})`.mapWith(Number),
    })
    .from(workflows)
    .leftJoin(platformSettings, eq(platformSettings.id, true))
    .where(and(inArray(workflows.id, ids), eq(workflows.companyId, companyId)));
  const byId = new Map(found.map((workflow) => [workflow.id.toLowerCase(), workflow]));
  // Another company's workflow answers exactly like a missing one.
  const missing = reports.findIndex((report) => !byId.has(report.workflowId.toLowerCase()));
  if (missing >= 0) return { missing };

  const pushNotifications: (() => Promise<void>)[] = [];
  // Runs are locked in (workflow, externalId) order whatever order the batch came in, and
  // the rollup rows at the end in key order, so two transactions never wait on each other
  // in a cycle; a run's own reports keep their order (the sort is stable).
  const order = reports.map((report, index) => ({ report, index, workflowId: report.workflowId.toLowerCase() }));
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  order.sort((a, b) => compare(a.workflowId, b.workflowId) || compare(a.report.externalId, b.report.externalId));
  const results = new Array<Recorded>(reports.length);
  const changes = new RollupChanges();
  // the runs' history: a row for each new run and each change of outcome, in the order made
  const statusEvents: StatusEventInput[] = [];
  const failures = new Map<string, { workflow: (typeof found)[number]; occurrences: number; lastError: string | null; at: number; index: number }>();
  for (const { report, index } of order) {
    const workflow = byId.get(report.workflowId.toLowerCase());
    if (!workflow) throw new Error("workflow vanished within the transaction");
    const run = await recordExecution(
      tx,
      {
        companyId,
        workflowId: workflow.id,
        externalId: report.externalId,
        status: report.status,
        startedAt: new Date(report.startedAt),
        finishedAt: report.finishedAt ? new Date(report.finishedAt) : null,
        errorMessage: report.errorMessage ?? null,
      },
      changes,
      workflow.minutes,
    );
    results[index] = { run, workflowName: workflow.name };
    if (run.outcomeChanged) statusEvents.push(run.execution);
    // A run that has just failed tells the company's clients: counted here, written once
    // per workflow below, with the error of the failure that finished last.
    if (notifyFailures && run.changed && run.execution.status === "failed") {
      const burst = failures.get(workflow.id);
      const at = (run.execution.finishedAt ?? run.execution.startedAt).getTime();
      const latest = !burst || at > burst.at || (at === burst.at && index > burst.index);
      failures.set(workflow.id, {
        workflow,
        occurrences: (burst?.occurrences ?? 0) + 1,
        lastError: latest ? (report.errorMessage ?? null) : (burst?.lastError ?? null),
        at: latest ? at : (burst?.at ?? at),
        index: latest ? index : (burst?.index ?? index),
      });
    }
  }
  // One notification row written per failing workflow of the transaction, whatever the
  // number of failures and of users: the workflow's open group grows, or a new one opens.
  // Workflow order, as above, so concurrent batches take the group locks in one order.
  for (const { workflow, occurrences, lastError } of failures.values()) {
    const notification = {
      type: "run_failed" as const,
      groupKey: `workflow:${workflow.id}`,
      title: `${workflow.name} failed`,
      body: lastError ?? "The run failed without an error message.",
      link: `/workflows/${workflow.id}`,
      occurrences,
      windowMinutes: workflow.groupMinutes,
    };
    // who hears it live is read after the commit: the group's lock is held for two statements only
    pushNotifications.push(await storeCompanyNotification(tx, companyId, notification, { recipientsAfterCommit: db }));
  }
  // sent together: postgres-js pipelines a transaction's concurrent statements
  await Promise.all([applyRollupChanges(tx, changes), recordStatusEvents(tx, companyId, statusEvents)]);
  return { recorded: results, pushNotifications };
}

/** The SQLSTATE of a postgres-js error, also when drizzle wrapped it (as `cause`). */
function postgresErrorCode(error: unknown): string | undefined {
  for (let current = error; typeof current === "object" && current !== null; current = (current as { cause?: unknown }).cause) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return undefined;
}

/**
 * Runs a transaction again (up to three times in all) when PostgreSQL ended it to break a
 * deadlock: concurrent reports of one workflow lock the same rollup rows, and a single
 * report's lock order cannot always match a batch's.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (postgresErrorCode(error) !== "40P01" || attempt >= 3) throw error;
    }
  }
}
