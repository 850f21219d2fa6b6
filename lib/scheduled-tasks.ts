import "server-only";
import type { Database } from "@/db/client";
import { listDueConnections } from "@/db/queries/connections";
import { pruneHourlyStats } from "@/db/queries/rollups";
import { pruneIngestionTraffic } from "@/db/queries/ingestion-limits";
import { claimTaskSlot } from "@/db/queries/scheduled-tasks";
import { evaluateAlerts, origin } from "./alerts";
import { notifyOverdueInvoices } from "./billing-overdue";
import { logger } from "./logger";
import { sendDigests, sendImmediateNotificationEmails } from "./notification-email";
import { deleteOldReadNotifications } from "./notification-retention";

// The scheduled tasks, whoever triggers them: the job worker (pg-boss cron, lib/jobs.ts) or
// the cron route for hosts without long-running processes (/api/cron/tick). Each task has
// a period; a slot is one period, and a slot runs once (claimTaskSlot) whoever asks first.

export const SCHEDULED_TASKS = {
  // late and failing workflows (lib/alerts.ts)
  "alerts.evaluate": { periodMs: 60_000, offsetMs: 0 },
  // notification emails of groups that started, for those who chose email at once (lib/notification-email.ts)
  "notifications.email": { periodMs: 60_000, offsetMs: 0 },
  // the daily digest of alerts and notifications: each user once per day from 08:00 UTC (a
  // per-user watermark); run every 15 minutes so users a stopped worker missed are caught up
  "notifications.digest": { periodMs: 15 * 60_000, offsetMs: 0 },
  // overdue-invoice notices (PRODUCT.md §6): a claim per invoice keeps each notice single anyway
  "billing.overdue": { periodMs: 15 * 60_000, offsetMs: 0 },
  // the hours the hourly rollup no longer keeps (db/queries/rollups.ts HOURLY_RETENTION_HOURS)
  "rollups.prune": { periodMs: 60 * 60_000, offsetMs: 5 * 60_000 },
  // ingestion traffic counters older than a day (the company page shows the last hour)
  "ingestion.prune": { periodMs: 60 * 60_000, offsetMs: 0 },
  // read notifications past the platform's retention (slots start at 03:00 UTC)
  "notifications.retention": { periodMs: 24 * 60 * 60_000, offsetMs: 3 * 60 * 60_000 },
} as const;

export type ScheduledTask = keyof typeof SCHEDULED_TASKS;

/** The start of the period `now` falls in (periods start at `offsetMs` past midnight UTC). */
export function slotOf(task: ScheduledTask, now: Date): Date {
  const { periodMs, offsetMs } = SCHEDULED_TASKS[task];
  return new Date(Math.floor((now.getTime() - offsetMs) / periodMs) * periodMs + offsetMs);
}

export type TickReport = { ran: ScheduledTask[]; skipped: ScheduledTask[]; syncs: number };

/**
 * Runs every scheduled task whose current slot nobody has run yet, and hands each due
 * connection to `sync` (the worker enqueues a job; the cron route syncs inline).
 */
export async function runDueTasks(
  db: Database,
  { now, sync, maxSyncs = 50 }: { now: Date; sync: (connectionId: string) => Promise<void>; maxSyncs?: number },
): Promise<TickReport> {
  const report: TickReport = { ran: [], skipped: [], syncs: 0 };
  for (const task of Object.keys(SCHEDULED_TASKS) as ScheduledTask[]) {
    if (!(await claimTaskSlot(db, { task, slot: slotOf(task, now) }))) {
      report.skipped.push(task);
      continue;
    }
    if (task === "billing.overdue") {
      const notified = await notifyOverdueInvoices(db, now);
      if (notified > 0) logger.info({ task, notified }, "overdue invoices notified");
    }
    if (task === "notifications.email") {
      const sent = await sendImmediateNotificationEmails(db, now, origin());
      if (sent > 0) logger.info({ task, sent }, "notification emails sent");
    }
    if (task === "notifications.digest") {
      const sent = await sendDigests(db, now, origin());
      if (sent > 0) logger.info({ task, sent }, "digests sent");
    }
    if (task === "rollups.prune") {
      const deleted = await pruneHourlyStats(db, now);
      if (deleted > 0) logger.info({ task, deleted }, "old hourly rollup rows deleted");
    }
    if (task === "ingestion.prune") {
      await pruneIngestionTraffic(db, { before: new Date(now.getTime() - 24 * 60 * 60_000) });
    }
    if (task === "notifications.retention") {
      const deleted = await deleteOldReadNotifications(db, now);
      if (deleted > 0) logger.info({ task, deleted }, "old read notifications deleted");
    }
    if (task === "alerts.evaluate") {
      const evaluation = await evaluateAlerts(db, now);
      if (Object.values(evaluation).some((count) => count > 0)) logger.info({ task, ...evaluation }, "alerts evaluated");
    }
    report.ran.push(task);
  }
  for (const connectionId of await listDueConnections(db, { now, limit: maxSyncs })) {
    await sync(connectionId);
    report.syncs += 1;
  }
  return report;
}
