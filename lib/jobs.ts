import "server-only";
import { PgBoss } from "pg-boss";
import type { Database } from "@/db/client";
import { listDueConnections } from "@/db/queries/connections";
import { logger } from "./logger";
import { runDueTasks } from "./scheduled-tasks";
import { syncConnection } from "./sync";

// The job runner (PRODUCT.md §5): pg-boss queues in the application's own Postgres, so
// several workers share the work (SKIP LOCKED), a job a killed worker held is retried
// after it expires, and cron slots are shared. Nothing else imports pg-boss.

const TICK = "tick";
const SYNC = "n8n-sync";
/** How often a worker looks for connections whose next sync is due. */
const DISPATCH_INTERVAL_MS = 5_000;

export type JobRunner = { stop: (options?: { graceful?: boolean; timeoutMs?: number }) => Promise<void> };

export async function startJobRunner({
  connectionString,
  db,
  syncConcurrency = 2,
}: {
  connectionString: string;
  db: Database;
  /**
   * syncs one worker runs at once (fair share, issue 20): with the pool below, background
   * work holds at most a few database connections and a small share of the CPU, however
   * many connections are due or however long a backfill is (lib/sync.ts imports a few
   * pages of history per sync and pauses between pages)
   */
  syncConcurrency?: number;
}): Promise<JobRunner> {
  const log = logger.child({ component: "jobs" });
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 3, application_name: "nexus-worker" });
  boss.on("error", (error) => log.error({ err: error }, "job runner error"));
  await boss.start();

  // every minute: the scheduled tasks whose slot has come (one worker runs each slot)
  await boss.createQueue(TICK, { policy: "singleton", retryLimit: 3, retryBackoff: true, retryDelay: 5, expireInSeconds: 300 });
  // one job per connection queued or active at a time; a sync records its own failures
  // (health, backoff), so a job fails only on our side (the database), and is retried
  await boss.createQueue(SYNC, { policy: "stately", retryLimit: 3, retryBackoff: true, retryDelay: 10, expireInSeconds: 600 });
  await boss.schedule(TICK, "* * * * *");

  // aborted when the runner stops: running syncs end after their page in flight and hand
  // the rest back (lib/sync.ts), so a stop does not wait for a whole backfill
  const stopping = new AbortController();

  const enqueueSync = async (connectionId: string) => {
    await boss.send(SYNC, { connectionId }, { singletonKey: connectionId });
  };

  // one job at a time per queue and worker (batchSize 1): the tick's tasks run one after
  // another (alert evaluation reads a bounded window per workflow), syncs `syncConcurrency` at once
  await boss.work(TICK, { pollingIntervalSeconds: 2, batchSize: 1, localConcurrency: 1 }, async ([job]) => {
    const report = await runDueTasks(db, { now: new Date(), sync: enqueueSync });
    if (report.ran.length > 0) log.info({ jobId: job?.id, ...report }, "scheduled tasks ran");
  });
  await boss.work<{ connectionId: string }>(
    SYNC,
    { pollingIntervalSeconds: 1, batchSize: 1, localConcurrency: syncConcurrency },
    async ([job]) => {
      if (!job) return;
      try {
        await syncConnection(db, job.data.connectionId, { signal: AbortSignal.any([stopping.signal, job.signal]) });
      } catch (error) {
        log.error({ err: error, jobId: job.id, connectionId: job.data.connectionId, retry: job.retryCount }, "sync job failed");
        throw error;
      }
    },
  );

  // A connection is due about every minute, or at once after staff connect, map or ask
  // for a sync: a light look every few seconds keeps that prompt without a job per look.
  let dispatching = false;
  const dispatch = setInterval(() => {
    if (dispatching) return;
    dispatching = true;
    listDueConnections(db, { now: new Date(), limit: 50 })
      .then((ids) => Promise.all(ids.map(enqueueSync)))
      .catch((error: unknown) => log.error({ err: error }, "sync dispatch failed"))
      .finally(() => {
        dispatching = false;
      });
  }, DISPATCH_INTERVAL_MS);

  return {
    stop: async ({ graceful = true, timeoutMs = 20_000 } = {}) => {
      clearInterval(dispatch);
      stopping.abort();
      // graceful: running jobs finish (a sync at its next page); what outlasts the timeout
      // is failed by pg-boss and retried
      await boss.stop({ graceful, timeout: timeoutMs });
    },
  };
}
