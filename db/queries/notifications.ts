import "server-only";
import { and, count, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { notifications, users, type Notification } from "../schema";
import { newestFirst } from "./order";

export type NewNotification = Pick<Notification, "type" | "title" | "body" | "link" | "companyId">;

export type NotificationItem = Pick<Notification, "id" | "type" | "title" | "body" | "link" | "readAt" | "createdAt">;

/** Active client users of a company: who hears about its runs and credentials. */
export async function companyRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, "client"), eq(users.active, true)));
  return rows.map((row) => row.id);
}

/** Active admins and the company's assigned SE: the staff who hear about a company's connections. */
export async function staffRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          eq(users.role, "admin"),
          and(eq(users.role, "se"), sql`${users.id} = (SELECT assigned_se_id FROM companies WHERE id = ${companyId})`),
        ),
      ),
    );
  return rows.map((row) => row.id);
}

/** Stores one notification per recipient and returns them, for pushing after commit. */
export async function insertNotifications(
  db: Queryable,
  recipients: readonly string[],
  notification: NewNotification,
): Promise<(NotificationItem & { userId: string })[]> {
  if (recipients.length === 0) return [];
  return db
    .insert(notifications)
    .values(recipients.map((userId) => ({ ...notification, userId })))
    .returning({
      id: notifications.id,
      userId: notifications.userId,
      type: notifications.type,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    });
}

export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.value ?? 0;
}

/** A user's notifications, newest first, keyset-paged on (created_at, id). */
export async function listNotifications(
  db: Queryable,
  { userId, unreadOnly = false, before, limit = 30 }: { userId: string; unreadOnly?: boolean; before?: { createdAt: Date; id: string } | null; limit?: number },
): Promise<NotificationItem[]> {
  return db
    .select({
      id: notifications.id,
      type: notifications.type,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        unreadOnly ? isNull(notifications.readAt) : undefined,
        before
          ? or(lt(notifications.createdAt, before.createdAt), and(eq(notifications.createdAt, before.createdAt), lt(notifications.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(newestFirst(notifications.createdAt), newestFirst(notifications.id))
    .limit(limit);
}

/** Notifications created after a moment: what a reconnecting client missed. */
export async function listNotificationsSince(db: Queryable, { userId, since }: { userId: string; since: Date }) {
  return db
    .select({
      id: notifications.id,
      type: notifications.type,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), sql`${notifications.createdAt} > ${since.toISOString()}::timestamptz`))
    .orderBy(newestFirst(notifications.createdAt))
    .limit(100);
}

/** Marks the user's own notifications read (others' ids are ignored); returns how many. */
export async function markRead(db: Queryable, { userId, ids }: { userId: string; ids: readonly string[] | "all" }): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === "all" ? undefined : inArray(notifications.id, ids.length > 0 ? [...ids] : ["00000000-0000-0000-0000-000000000000"]),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}
