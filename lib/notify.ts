import "server-only";
import type { Queryable } from "@/db/client";
import {
  companyRecipients,
  insertNotifications,
  recordGroupedNotification,
  insertCompanyNotification,
  type NewNotification,
} from "@/db/queries/notifications";
import type { Notification } from "@/db/schema";
import { KIND_OF_TYPE, notificationDetail, notificationHeadline } from "./notification-kinds";
import { logger } from "./logger";
import { channels, publish } from "./realtime";

/** The platform setting's default (platform_settings.notification_group_minutes). */
export const DEFAULT_GROUP_MINUTES = 60;

/**
 * Notifications are stored first and pushed second (PRODUCT.md §6): `store` runs inside
 * the caller's transaction; the returned `push` runs after it commits and never throws.
 */

/** What the bell receives on `notification.created` (new, or a group that grew). */
export type NotificationEvent = {
  id: string;
  type: Notification["type"];
  title: string;
  body: string;
  link: string | null;
  count: number;
  createdAt: string;
  lastAt: string;
};

/** A stored notification as the bell shows it (also the catch-up of /api/notifications/unread). */
export function notificationEvent(item: Pick<Notification, "id" | "type" | "title" | "body" | "link" | "count" | "createdAt" | "lastAt">): NotificationEvent {
  return {
    id: item.id,
    type: item.type,
    title: notificationHeadline(item),
    body: notificationDetail(item).slice(0, 500),
    link: item.link,
    count: item.count,
    createdAt: item.createdAt.toISOString(),
    lastAt: item.lastAt.toISOString(),
  };
}

/**
 * One personal notification per recipient, pushed live to `pushTo` (default: all of them;
 * a user who muted the kind has it stored but neither pushed nor listed).
 */
export async function storeNotifications(
  db: Queryable,
  recipients: readonly string[],
  notification: NewNotification,
  { pushTo }: { pushTo?: readonly string[] } = {},
) {
  const stored = await insertNotifications(db, recipients, notification);
  return async () => {
    await Promise.all(
      stored
        .filter((item) => !pushTo || pushTo.includes(item.userId))
        .map((item) => publish([channels.user(item.userId)], "notification.created", { ...notificationEvent(item) })),
    );
  };
}

/**
 * Tells a company's clients about something of theirs: one company notification (one row
 * whatever the number of clients), pushed to those who have not muted its kind. With a
 * `groupKey`, later ones of the same key join the open group instead (see
 * recordGroupedNotification). Returns the push to run after commit.
 */
export async function storeCompanyNotification(
  db: Queryable,
  companyId: string,
  notification: Omit<NewNotification, "companyId"> & { groupKey?: string; groupLink?: string | null; occurrences?: number; windowMinutes?: number },
  {
    recipientsAfterCommit,
  }: {
    /** read who to push to after the commit, through this handle, rather than in the transaction (ingestion: shorter locks) */
    recipientsAfterCommit?: Queryable;
  } = {},
) {
  const { groupKey, groupLink, occurrences, windowMinutes, ...single } = notification;
  const stored = groupKey
    ? await recordGroupedNotification(db, {
        ...single,
        companyId,
        groupKey,
        groupLink: groupLink ?? null,
        occurrences: occurrences ?? 1,
        windowMinutes: windowMinutes ?? DEFAULT_GROUP_MINUTES,
      })
    : await insertCompanyNotification(db, { ...single, companyId });
  // Who hears it live: a read, no write; in the transaction, or after it.
  const kind = KIND_OF_TYPE[notification.type];
  const inTransaction = recipientsAfterCommit ? null : await companyRecipients(db, companyId, kind);
  return async () => {
    const recipients =
      inTransaction ??
      (await companyRecipients(recipientsAfterCommit ?? db, companyId, kind).catch((error: unknown) => {
        // the notification is stored: the bell finds it on its next load or reconnect
        logger.warn({ source: "realtime", err: error, companyId }, "notification recipients not read; push skipped");
        return [];
      }));
    if (recipients.length === 0) return;
    const event = notificationEvent(stored);
    // one trigger reaches up to 100 channels (Pusher's limit)
    const batches: string[][] = [];
    for (let index = 0; index < recipients.length; index += 100) batches.push(recipients.slice(index, index + 100).map((id) => channels.user(id)));
    await Promise.all(batches.map((names) => publish(names, "notification.created", { ...event })));
  };
}
