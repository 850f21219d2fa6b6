import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "@/db/client";
import {
  claimConnection,
  extendLease,
  finishSyncFailure,
  finishSyncSuccess,
  listMappings,
  listUnfinishedImports,
  markBackfilled,
  N8N_EXTERNAL_PREFIX,
  readConnectionTarget,
  saveBackfillProgress,
} from "@/db/queries/connections";
import { staffRecipients } from "@/db/queries/notifications";
import { credentialKeyRing } from "./credential-keys";
import { createN8nClient, N8nError, type N8nConnectionTarget, type N8nExecution } from "./connectors/n8n";
import { privateNetworksAllowed } from "./connectors/url-policy";
import { logger } from "./logger";
import { storeNotifications } from "./notify";
import { recordRuns, type RunReport } from "./record-runs";

// The n8n sync (PRODUCT.md §5, pulled engines): a backfill of every execution n8n still
// holds for each newly tracked workflow, then an incremental pass about every minute that
// reads executions newest first down to the last one already seen, and a second look at
// imported runs that had not finished. Every run goes through recordRuns, keyed
// `n8n-<execution id>`, so re-syncs, overlapping pages and pushed reports of the same
// execution never duplicate or regress a run. The connector only speaks HTTP; this file
// decides what to record.

export const SYNC_INTERVAL_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** Staff are told once when a connection has failed this many syncs in a row. */
export const NOTIFY_AFTER_FAILURES = 3;
const LEASE_MS = 5 * 60_000;
const PAGE_SIZE = 100;
const UNFINISHED_PER_SYNC = 100;
const ERROR_FETCH_CONCURRENCY = 4;

// Fair share (issue 20): background work never takes the machine from the pages. A sync
// imports at most this many pages of history (100 executions each) and then hands the
// worker back, the backfill going on from its saved cursor at the next sync, soon after;
// between pages it pauses, so the web's queries and requests get the database and the
// CPU in between. The job runner runs few syncs at once (lib/jobs.ts).
export const BACKFILL_PAGES_PER_SYNC = 10;
export const PAGE_PAUSE_MS = 50;
/** When a backfill has more pages, the connection's next sync is due this soon. */
export const BACKFILL_CONTINUE_MS = 5_000;

/** When the next sync is due after `failures` consecutive failures (0: a success). */
export function nextSyncDelayMs(failures: number): number {
  if (failures <= 0) return SYNC_INTERVAL_MS;
  return Math.min(BACKOFF_MAX_MS, SYNC_INTERVAL_MS * 2 ** (failures - 1));
}

/**
 * The run report for an n8n execution, or null when there is nothing to record yet (it
 * has not started). success → succeeded; error, crashed → failed; canceled → cancelled;
 * new, running, waiting → running; a status n8n adds later counts as running until it
 * stops, then as failed.
 */
export function reportOfExecution(execution: N8nExecution, workflowId: string, errorMessage: string | null): RunReport | null {
  if (!execution.startedAt) return null;
  const startedAt = new Date(execution.startedAt);
  if (Number.isNaN(startedAt.getTime())) return null;
  const stoppedAt = execution.stoppedAt ? new Date(execution.stoppedAt) : null;
  // an engine's clock is not ours to trust: a finish before the start is the start
  const finishedAt = stoppedAt && !Number.isNaN(stoppedAt.getTime()) ? new Date(Math.max(stoppedAt.getTime(), startedAt.getTime())) : null;
  const base = { workflowId, externalId: `${N8N_EXTERNAL_PREFIX}${execution.id}`, startedAt: startedAt.toISOString() };
  const finished = (status: RunReport["status"], message: string | null = null): RunReport => ({
    ...base,
    status,
    finishedAt: (finishedAt ?? startedAt).toISOString(),
    errorMessage: message,
  });
  switch (execution.status) {
    case "success":
      return finished("succeeded");
    case "error":
    case "crashed":
      return finished("failed", errorMessage ?? `n8n reported the execution as ${execution.status}.`);
    case "canceled":
      return finished("cancelled");
    case "new":
    case "running":
    case "waiting":
      return { ...base, status: "running", finishedAt: null, errorMessage: null };
    default:
      return finishedAt
        ? finished("failed", errorMessage ?? `n8n reported the execution as “${execution.status}”.`)
        : { ...base, status: "running", finishedAt: null, errorMessage: null };
  }
}

const isFailure = (execution: N8nExecution) => !["success", "canceled", "new", "running", "waiting"].includes(execution.status) && !!execution.stoppedAt;

export type SyncOutcome =
  | { status: "skipped"; reason: "busy-or-inactive" }
  | { status: "ok"; imported: number; backfilled: number; backfillPending: boolean }
  /** the worker is stopping: what was read is recorded, the rest is due again at once */
  | { status: "interrupted"; imported: number }
  | { status: "failed"; error: string; imported: number; notified: boolean };

type SyncDependencies = {
  now?: () => Date;
  /** for tests: the connector's timeout */
  timeoutMs?: number;
  /** aborted when the worker stops: the sync ends after the page in flight */
  signal?: AbortSignal;
  /** pages of history one sync imports (BACKFILL_PAGES_PER_SYNC) */
  backfillPages?: number;
  /** the pause between pages (PAGE_PAUSE_MS) */
  pauseMs?: number;
};

/** Thrown between pages when the sync's signal is aborted. */
class SyncInterrupted extends Error {}

/**
 * One sync of one connection, start to finish. Claims the connection's lease first: when
 * another worker holds it (or it is paused, deleted, or its company archived) this does
 * nothing. Writes go through recordRuns a page at a time, so a killed worker loses at most
 * the page in flight, which the next sync reads again.
 */
export async function syncConnection(db: Database, connectionId: string, dependencies: SyncDependencies = {}): Promise<SyncOutcome> {
  const now = dependencies.now ?? (() => new Date());
  const started = now();
  const claim = await claimConnection(db, { id: connectionId, leaseMs: LEASE_MS, now: started });
  if (!claim) return { status: "skipped", reason: "busy-or-inactive" };
  const log = logger.child({ job: "n8n.sync", connectionId, companyId: claim.companyId });

  let imported = 0;
  let backfilled = 0;
  // the highest execution id recorded with everything below it: only raised once a pass
  // has reached what was seen before, so an interrupted pass is read again in full
  let watermark = claim.executionWatermark;
  const checkpoint = () => {
    if (dependencies.signal?.aborted) throw new SyncInterrupted();
  };
  try {
    const target = await readConnectionTarget(db, credentialKeyRing(), connectionId);
    if (!target) throw new Error("The connection was deleted during the sync.");
    const client = createN8nClient({
      baseUrl: target.baseUrl,
      apiKey: target.apiKey,
      allowPrivateNetworks: privateNetworksAllowed(),
      ...(dependencies.timeoutMs ? { timeoutMs: dependencies.timeoutMs } : {}),
    } satisfies N8nConnectionTarget);
    const mappings = await listMappings(db, { connectionId });
    const tracked = new Map(mappings.map((mapping) => [mapping.externalWorkflowId, mapping.workflowId]));

    const record = async (executions: N8nExecution[], options: { notifyFailures: boolean }) => {
      const reports = await reportsFor(client, executions, tracked);
      for (let index = 0; index < reports.length; index += PAGE_SIZE) {
        const outcome = await recordRuns(db, claim.companyId, reports.slice(index, index + PAGE_SIZE), options);
        // a mapped workflow of another company cannot exist (the mapping's policy); say so if it ever does
        if ("missing" in outcome) throw new Error("A tracked workflow no longer belongs to this company.");
        imported += outcome.recorded.filter((run) => run.created).length;
      }
    };
    const pauseMs = dependencies.pauseMs ?? PAGE_PAUSE_MS;
    // between pages: keep the lease, and let the web's work through first
    const keepLease = async () => {
      await extendLease(db, { id: connectionId, leaseId: claim.leaseId, until: new Date(now().getTime() + LEASE_MS) });
      if (pauseMs > 0) await sleep(pauseMs);
    };

    // 1. New executions, newest first, down to the watermark. Without one (the first
    // sync), the first page sets it: history is the backfills' job.
    let cursor: string | null = null;
    let newest: number | null = null;
    let notStarted: number | null = null;
    for (;;) {
      const page = await client.listExecutions({ cursor, limit: PAGE_SIZE });
      const fresh = page.data.filter((execution) => watermark === null || Number(execution.id) > watermark);
      for (const execution of fresh) newest = Math.max(newest ?? 0, Number(execution.id));
      // an execution that has not started yet is not recorded: keep the watermark below it
      for (const execution of fresh) if (!execution.startedAt) notStarted = Math.min(notStarted ?? Infinity, Number(execution.id));
      // the first sync's first page is history too: nobody is told about old failures
      await record(fresh, { notifyFailures: watermark !== null });
      const reachedSeen = fresh.length < page.data.length;
      if (reachedSeen || !page.nextCursor || watermark === null) break;
      cursor = page.nextCursor;
      checkpoint();
      await keepLease();
    }
    if (newest !== null) watermark = Math.max(watermark ?? 0, notStarted === null ? newest : Math.min(newest, notStarted - 1));

    // 2. Imported runs that had not finished: look at each again.
    const unfinished = await listUnfinishedImports(db, {
      companyId: claim.companyId,
      workflowIds: [...tracked.values()],
      limit: UNFINISHED_PER_SYNC,
    });
    const again: N8nExecution[] = [];
    for (const { executionId } of unfinished) {
      checkpoint();
      const execution = await client.getExecution(executionId);
      // pruned by n8n meanwhile: the run stays as it was last seen
      if (execution) again.push(execution);
    }
    await record(again, { notifyFailures: true });

    // 3. Backfills of newly tracked workflows: every execution n8n still holds, without
    // failure notifications (history is not news), a few pages per sync (fair share): an
    // unfinished one goes on from its saved cursor at the next sync, due soon.
    let pagesLeft = dependencies.backfillPages ?? BACKFILL_PAGES_PER_SYNC;
    let backfillPending = false;
    for (const mapping of mappings.filter((item) => item.backfilledAt === null)) {
      if (pagesLeft <= 0) {
        backfillPending = true;
        break;
      }
      const progress = { connectionId, externalWorkflowId: mapping.externalWorkflowId, workflowId: mapping.workflowId };
      let backfillCursor: string | null = mapping.backfillCursor;
      do {
        const page = await client.listExecutions({ cursor: backfillCursor, limit: PAGE_SIZE, workflowId: mapping.externalWorkflowId });
        // the filter is n8n's; keep only what is really this workflow's
        await record(
          page.data.filter((execution) => execution.workflowId === mapping.externalWorkflowId),
          { notifyFailures: false },
        );
        backfillCursor = page.nextCursor;
        pagesLeft -= 1;
        if (backfillCursor) await saveBackfillProgress(db, { ...progress, cursor: backfillCursor });
        checkpoint();
        await keepLease();
      } while (backfillCursor && pagesLeft > 0);
      if (backfillCursor) {
        backfillPending = true;
        break;
      }
      await markBackfilled(db, progress);
      backfilled += 1;
    }

    const finished = now();
    await finishSyncSuccess(db, {
      id: connectionId,
      leaseId: claim.leaseId,
      watermark,
      imported,
      now: finished,
      nextSyncAt: new Date(finished.getTime() + (backfillPending ? BACKFILL_CONTINUE_MS : nextSyncDelayMs(0))),
    });
    if (imported > 0 || backfilled > 0) log.info({ imported, backfilled, backfillPending }, "n8n sync imported runs");
    return { status: "ok", imported, backfilled, backfillPending };
  } catch (error) {
    if (error instanceof SyncInterrupted) {
      // Hands the rest back: the lease goes now (not when it expires), and the connection is
      // due at once, so the next worker carries on. Recorded pages are kept; the pass in
      // progress is read again from its start, and recordRuns never counts a run twice.
      const finished = now();
      await finishSyncSuccess(db, { id: connectionId, leaseId: claim.leaseId, watermark, imported, now: finished, nextSyncAt: finished });
      log.info({ imported, backfilled }, "n8n sync interrupted: the worker is stopping");
      return { status: "interrupted", imported };
    }
    const message = error instanceof N8nError ? error.message : "The sync failed on our side; the details are in the server log.";
    if (!(error instanceof N8nError)) log.error({ err: error }, "n8n sync failed");
    else log.warn({ kind: error.kind, message }, "n8n sync failed");
    const finished = now();
    const failures = claim.consecutiveFailures + 1;
    const result = await finishSyncFailure(db, {
      id: connectionId,
      leaseId: claim.leaseId,
      error: message,
      imported,
      now: finished,
      nextSyncAt: new Date(finished.getTime() + nextSyncDelayMs(failures)),
      notifyAfter: NOTIFY_AFTER_FAILURES,
    });
    const notified = result?.notify ?? false;
    if (notified) await notifyFailing(db, claim, message, result?.consecutiveFailures ?? failures);
    return { status: "failed", error: message, imported, notified };
  }
}

/** Run reports for the tracked workflows' executions; error messages fetched for failures only. */
async function reportsFor(
  client: ReturnType<typeof createN8nClient>,
  executions: N8nExecution[],
  tracked: ReadonlyMap<string, string>,
): Promise<RunReport[]> {
  // Untracked workflows' executions are never imported.
  const mine = executions.filter((execution) => tracked.has(execution.workflowId));
  const messages = new Map<string, string | null>();
  const failures = mine.filter(isFailure);
  for (let index = 0; index < failures.length; index += ERROR_FETCH_CONCURRENCY) {
    const slice = failures.slice(index, index + ERROR_FETCH_CONCURRENCY);
    const found = await Promise.all(slice.map((execution) => client.getExecutionError(execution.id)));
    slice.forEach((execution, position) => messages.set(execution.id, found[position] ?? null));
  }
  return mine.flatMap((execution) => {
    const workflowId = tracked.get(execution.workflowId);
    const report = workflowId ? reportOfExecution(execution, workflowId, messages.get(execution.id) ?? null) : null;
    return report ? [report] : [];
  });
}

/** Tells the company's SE and the admins, once, that the connection keeps failing. */
async function notifyFailing(db: Database, connection: { id: string; companyId: string; name: string }, error: string, failures: number) {
  const push = await db.transaction(async (tx) =>
    storeNotifications(tx, await staffRecipients(tx, connection.companyId), {
      type: "connection_failing",
      companyId: connection.companyId,
      title: `n8n connection “${connection.name}” is failing`,
      body: `${failures} syncs in a row failed. Last error: ${error} Nexus keeps retrying and will tell you again only after it has recovered and failed anew.`,
      link: `/admin/companies/${connection.companyId}/connections/${connection.id}`,
    }),
  );
  await push();
}
