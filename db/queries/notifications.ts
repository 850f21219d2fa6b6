import "server-only";
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { KIND_OF_TYPE, typesMutedBy } from "@/lib/notification-kinds";
import type { Queryable } from "../client";
import { notifications, platformSettings, users, type Notification, type NotificationKind } from "../schema";

// Two kinds of rows in `notifications` (drizzle/0009_notification_groups.sql):
// - personal: user_id set, read_at is its read state (account changes, staff notices, …);
// - company: user_id NULL, seen by the company's active client users; a group (group_key)
//   grows in place while its burst lasts, so ingestion writes one row per failure (or per
//   batch) whatever the number of users. A user's read state of a company row is a receipt
//   (notification_reads); "mark all read" moves the user's watermark
//   (users.notifications_read_through) and touches no notification.
// Every list is keyset-paged on (last_at, id), newest first, reading each half through its
// own index, so years of history cost a page, not a scan.

export type NewNotification = Pick<Notification, "type" | "title" | "body" | "link" | "companyId">;

export type NotificationItem = {
  id: string;
  type: Notification["type"];
  title: string;
  body: string;
  link: string | null;
  count: number;
  read: boolean;
  createdAt: Date;
  lastAt: Date;
  /** the keyset cursor: last_at to the microsecond */
  cursor: string;
};

/** What a user's lists depend on: read once per request (own users row). */
export type NotificationViewer = {
  userId: string;
  /** a client's company: its company notifications are theirs too; null for staff */
  companyId: string | null;
  readThrough: Date | null;
  mutedTypes: Notification["type"][];
  /** company notifications from before a user joined are not theirs */
  joinedAt: Date;
};

/** A user's notification settings and read watermark (their own users row). */
export async function notificationViewer(db: Queryable, userId: string): Promise<NotificationViewer> {
  const [row] = await db
    .select({ role: users.role, companyId: users.companyId, readThrough: users.notificationsReadThrough, muted: users.notificationsMuted, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return { userId, companyId: null, readThrough: null, mutedTypes: [], joinedAt: new Date() };
  return {
    userId,
    companyId: row.role === "client" ? row.companyId : null,
    readThrough: row.readThrough,
    mutedTypes: typesMutedBy(row.muted),
    joinedAt: row.createdAt,
  };
}

/** Saves which kinds the user does not want in-app. */
export async function setMutedKinds(db: Queryable, { userId, kinds }: { userId: string; kinds: readonly NotificationKind[] }): Promise<void> {
  await db
    .update(users)
    .set({ notificationsMuted: [...new Set(kinds)] })
    .where(eq(users.id, userId));
}

/** SQL: the kind of a notification's type (a CASE built from the constant map). */
export function kindOfType(column: SQL): SQL {
  const cases = Object.entries(KIND_OF_TYPE)
    .filter((entry): entry is [string, NotificationKind] => entry[1] !== null)
    .map(([type, kind]) => `WHEN '${type}' THEN '${kind}'`)
    .join(" ");
  return sql`(CASE ${column}::text ${sql.raw(cases)} END)::notification_kind`;
}

/** Users who have not muted `kind` (all when `kind` is null). */
function wants(kind: NotificationKind | null | undefined) {
  return kind ? sql`NOT (${kind}::notification_kind = ANY (${users.notificationsMuted}))` : undefined;
}

/** Active client users of a company: who hears about its runs and credentials. */
export async function companyRecipients(db: Queryable, companyId: string, kind?: NotificationKind | null): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, "client"), eq(users.active, true), wants(kind)));
  return rows.map((row) => row.id);
}

/** Active admins and the company's assigned SE: the staff who hear about a company's connections. */
export async function staffRecipients(db: Queryable, companyId: string, kind?: NotificationKind | null): Promise<string[]> {
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
        wants(kind),
      ),
    );
  return rows.map((row) => row.id);
}

/**
 * The company's clients who have been told of a workflow's failures since a moment: a
 * failure notification of it happened since, and they have failed runs in-app. A failing
 * alert's escalation does not tell them the same thing again.
 */
export async function clientsToldOfFailures(db: Queryable, { companyId, workflowId, since }: { companyId: string; workflowId: string; since: Date }): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT u.id FROM users u
    WHERE u.company_id = ${companyId} AND u.role = 'client' AND u.active
      AND NOT ('run_failures'::notification_kind = ANY (u.notifications_muted))
      AND EXISTS (
        SELECT 1 FROM notifications n
        WHERE n.company_id = ${companyId} AND n.user_id IS NULL AND n.group_key = ${`workflow:${workflowId}`}
          AND n.type = 'run_failed' AND n.last_at >= ${since.toISOString()}::timestamptz AND n.last_at >= u.created_at
      )`);
  return [...rows].map((row) => row.id);
}

type StoredNotification = Omit<NotificationItem, "read" | "cursor">;

const storedColumns = {
  id: notifications.id,
  type: notifications.type,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  count: notifications.count,
  createdAt: notifications.createdAt,
  lastAt: notifications.lastAt,
};

/** Stores one personal notification per recipient and returns them, for pushing after commit. */
export async function insertNotifications(
  db: Queryable,
  recipients: readonly string[],
  notification: NewNotification,
): Promise<(StoredNotification & { userId: string })[]> {
  if (recipients.length === 0) return [];
  const rows = await db
    .insert(notifications)
    .values(recipients.map((userId) => ({ ...notification, userId })))
    .returning({ ...storedColumns, userId: notifications.userId });
  return rows.map((row) => ({ ...row, userId: row.userId ?? "" }));
}

export type GroupedNotification = {
  companyId: string;
  type: Notification["type"];
  /** what repeats, e.g. the workflow id */
  groupKey: string;
  title: string;
  /** the latest occurrence's (e.g. its error message) */
  body: string;
  link: string | null;
  /** the link once the group holds more than one (e.g. the invoice list) */
  groupLink?: string | null;
  /** how many occurrences this write adds (a batch's failures of one workflow: one write) */
  occurrences: number;
  windowMinutes: number;
};

/**
 * Adds occurrences to the company's open group of that key, or opens a new group: ONE row
 * written (an UPDATE or an INSERT), whatever the number of users. A group is open while it
 * is younger than the window and nobody it is for has read it (a receipt, or a watermark
 * past its last occurrence): a read notification, or the window's end, starts a new one.
 *
 * The usual case, a group already open, is one UPDATE: concurrent writers of one group
 * queue on its row. Only when none is open does the writer take a transaction-scoped
 * advisory lock on (company, key) and look again (a new statement, so it sees a group
 * another writer has just committed) before inserting: two writers never open two groups.
 * Callers write groups in key order, so their locks never wait in a cycle.
 */
export async function recordGroupedNotification(db: Queryable, group: GroupedNotification): Promise<StoredNotification & { opened: boolean }> {
  const grow = async () => {
    const open = sql`
      SELECT g.id FROM notifications g
      WHERE g.company_id = ${group.companyId} AND g.group_key = ${group.groupKey} AND g.user_id IS NULL AND g.type = ${group.type}
        AND g.created_at > now() - make_interval(mins => ${group.windowMinutes})
        AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = g.id)
        AND NOT EXISTS (
          SELECT 1 FROM users u
          WHERE u.company_id = g.company_id AND u.role = 'client' AND u.notifications_read_through >= g.last_at
        )
      ORDER BY g.created_at DESC NULLS LAST
      LIMIT 1`;
    const [updated] = await db
      .update(notifications)
      .set({
        count: sql`${notifications.count} + ${group.occurrences}`,
        title: group.title,
        body: group.body,
        link: group.groupLink ?? group.link,
        lastAt: sql`now()`,
      })
      .where(sql`${notifications.id} = (${open})`)
      .returning(storedColumns);
    return updated;
  };
  const grown = await grow();
  if (grown) return { ...grown, opened: false };
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`notification-group:${group.companyId}:${group.groupKey}`}, 0))`);
  const grownMeanwhile = await grow();
  if (grownMeanwhile) return { ...grownMeanwhile, opened: false };
  const [inserted] = await db
    .insert(notifications)
    .values({
      companyId: group.companyId,
      userId: null,
      type: group.type,
      groupKey: group.groupKey,
      title: group.title,
      body: group.body,
      link: group.occurrences > 1 ? (group.groupLink ?? group.link) : group.link,
      count: group.occurrences,
    })
    .returning(storedColumns);
  if (!inserted) throw new Error("the notification group was not stored");
  return { ...inserted, opened: true };
}

/** The platform's grouping window, in minutes. */
export async function notificationGroupMinutes(db: Queryable): Promise<number> {
  const [row] = await db.select({ minutes: platformSettings.notificationGroupMinutes }).from(platformSettings).where(eq(platformSettings.id, true));
  return row?.minutes ?? 60;
}

/** A company notification that joins no group (group_key NULL): one row for all its clients. */
export async function insertCompanyNotification(db: Queryable, notification: NewNotification & { companyId: string }): Promise<StoredNotification> {
  const [inserted] = await db
    .insert(notifications)
    .values({ ...notification, userId: null })
    .returning(storedColumns);
  if (!inserted) throw new Error("the notification was not stored");
  return inserted;
}

// ---------------------------------------------------------------- a user's view

type Row = {
  id: string;
  type: Notification["type"];
  title: string;
  body: string;
  link: string | null;
  count: number;
  read: boolean;
  created_at: Date;
  last_at: Date;
  cursor: string;
};

const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\|[0-9a-f-]{36}$/i;

/** A keyset cursor "<last_at to the µs>|<id>", or null when it does not parse. */
export function parseCursor(value: string | null | undefined): { lastAt: string; id: string } | null {
  if (!value || !CURSOR.test(value)) return null;
  const [lastAt, id] = value.split("|") as [string, string];
  return { lastAt, id };
}

// Read from the row itself (an InitPlan, once per statement): to the microsecond, as now() wrote it.
const watermarkOf = (viewer: NotificationViewer) =>
  sql`coalesce((SELECT w.notifications_read_through FROM users w WHERE w.id = ${viewer.userId}), '-infinity'::timestamptz)`;

/**
 * The two halves of a user's notifications as SELECTs with the same columns: their own,
 * and (clients) their company's. `extra` narrows both (unread, keyset, since).
 */
function halves(viewer: NotificationViewer, { unreadOnly, keyset, since, limit }: { unreadOnly: boolean; keyset: { lastAt: string; id: string } | null; since: Date | null; limit: number }) {
  const watermark = watermarkOf(viewer);
  const muted = viewer.mutedTypes.length > 0 ? sql`AND n.type::text <> ALL (${`{${viewer.mutedTypes.join(",")}}`}::text[])` : sql``;
  const after = keyset ? sql`AND (n.last_at < ${keyset.lastAt}::timestamptz OR (n.last_at = ${keyset.lastAt}::timestamptz AND n.id < ${keyset.id}::uuid))` : sql``;
  const newer = since ? sql`AND n.last_at > ${since.toISOString()}::timestamptz` : sql``;
  const columns = sql`n.id, n.type, n.title, n.body, n.link, n.count, n.created_at, n.last_at,
    to_char(n.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || n.id AS cursor`;
  const personalRead = sql`(n.read_at IS NOT NULL OR n.last_at <= ${watermark})`;
  const personal = sql`
    SELECT ${columns}, ${personalRead} AS read FROM notifications n
    WHERE n.user_id = ${viewer.userId} ${muted} ${after} ${newer}
      ${unreadOnly ? sql`AND n.read_at IS NULL AND n.last_at > ${watermark}` : sql``}
    ORDER BY n.last_at DESC NULLS LAST, n.id DESC NULLS LAST
    LIMIT ${limit}`;
  if (!viewer.companyId) return [personal];
  const receipt = sql`EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ${viewer.userId})`;
  const company = sql`
    SELECT ${columns}, (n.last_at <= ${watermark} OR ${receipt}) AS read FROM notifications n
    WHERE n.company_id = ${viewer.companyId} AND n.user_id IS NULL AND n.last_at >= ${viewer.joinedAt.toISOString()}::timestamptz
      ${muted} ${after} ${newer}
      ${unreadOnly ? sql`AND n.last_at > ${watermark} AND NOT ${receipt}` : sql``}
    ORDER BY n.last_at DESC NULLS LAST, n.id DESC NULLS LAST
    LIMIT ${limit}`;
  return [personal, company];
}

function toItem(row: Row): NotificationItem {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    count: row.count,
    read: row.read,
    createdAt: new Date(row.created_at),
    lastAt: new Date(row.last_at),
    cursor: row.cursor,
  };
}

async function merged(db: Queryable, parts: SQL[], limit: number): Promise<NotificationItem[]> {
  const union = sql.join(
    parts.map((part) => sql`(${part})`),
    sql` UNION ALL `,
  );
  const rows = await db.execute<Row>(sql`SELECT * FROM (${union}) AS items ORDER BY last_at DESC, id DESC LIMIT ${limit}`);
  return [...rows].map(toItem);
}

/** A user's notifications, newest (last occurrence) first, keyset-paged after `cursor`. */
export async function listNotifications(
  db: Queryable,
  { viewer, unreadOnly = false, cursor = null, limit = 30 }: { viewer: NotificationViewer; unreadOnly?: boolean; cursor?: string | null; limit?: number },
): Promise<NotificationItem[]> {
  return merged(db, halves(viewer, { unreadOnly, keyset: parseCursor(cursor), since: null, limit }), limit);
}

/** Notifications that happened (or grew) after a moment: what a reconnecting bell missed. */
export async function listNotificationsSince(db: Queryable, { viewer, since }: { viewer: NotificationViewer; since: Date }): Promise<NotificationItem[]> {
  return merged(db, halves(viewer, { unreadOnly: false, keyset: null, since, limit: 100 }), 100);
}

/** Unread notifications, counted up to `cap` (the bell shows 99+ anyway). */
export async function countUnread(db: Queryable, viewer: NotificationViewer, cap = 1000): Promise<number> {
  const parts = halves(viewer, { unreadOnly: true, keyset: null, since: null, limit: cap });
  const union = sql.join(
    parts.map((part) => sql`(${part})`),
    sql` UNION ALL `,
  );
  const [row] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (${union}) AS items`);
  return Math.min(row?.n ?? 0, cap);
}

/** The bell's figure for a user (their settings, then the count). */
export async function unreadCountOf(db: Queryable, userId: string): Promise<number> {
  return countUnread(db, await notificationViewer(db, userId));
}

/**
 * Marks notifications read for the user: their own (read_at) and their company's (a
 * receipt each). Ids of other users or other companies are ignored. Returns how many
 * changed.
 */
export async function markRead(db: Queryable, { viewer, ids }: { viewer: NotificationViewer; ids: readonly string[] }): Promise<number> {
  if (ids.length === 0) return 0;
  const own = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, viewer.userId), isNull(notifications.readAt), inArray(notifications.id, [...ids])))
    .returning({ id: notifications.id });
  if (!viewer.companyId) return own.length;
  const receipts = await db.execute<{ notification_id: string }>(sql`
    INSERT INTO notification_reads (notification_id, user_id, company_id)
    SELECT n.id, ${viewer.userId}, n.company_id FROM notifications n
    WHERE n.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) AND n.user_id IS NULL AND n.company_id = ${viewer.companyId}
    ON CONFLICT DO NOTHING
    RETURNING notification_id`);
  return own.length + [...receipts].length;
}

/**
 * "Mark all read": one write, the user's watermark, whatever the history's size. Returns
 * how many were unread (counted first, capped like the bell).
 */
export async function markAllRead(db: Queryable, viewer: NotificationViewer): Promise<number> {
  const unread = await countUnread(db, viewer);
  await db.update(users).set({ notificationsReadThrough: sql`now()` }).where(eq(users.id, viewer.userId));
  return unread;
}

/**
 * Deletes read notifications whose last occurrence is older than `before`, at most `limit`
 * per call: personal ones read (read_at, or under the user's watermark), and company ones
 * once every active client who sees them has read them (muted kinds do not count: such a
 * user never sees it). Returns how many were deleted.
 */
export async function deleteReadNotifications(db: Queryable, { before, limit }: { before: Date; limit: number }): Promise<number> {
  const cutoff = sql`${before.toISOString()}::timestamptz`;
  const personal = await db.execute<{ id: string }>(sql`
    DELETE FROM notifications WHERE id IN (
      (SELECT n.id FROM notifications n WHERE n.read_at IS NOT NULL AND n.read_at < ${cutoff} LIMIT ${limit})
      UNION
      (SELECT n.id FROM users u JOIN notifications n ON n.user_id = u.id
        WHERE u.notifications_read_through IS NOT NULL AND n.last_at < least(${cutoff}, u.notifications_read_through) LIMIT ${limit})
    ) RETURNING id`);
  const company = await db.execute<{ id: string }>(sql`
    DELETE FROM notifications WHERE id IN (
      SELECT n.id FROM notifications n
      WHERE n.user_id IS NULL AND n.company_id IS NOT NULL AND n.last_at < ${cutoff}
        AND NOT EXISTS (
          SELECT 1 FROM users u
          WHERE u.company_id = n.company_id AND u.role = 'client' AND u.active AND u.created_at <= n.last_at
            AND NOT coalesce(${kindOfType(sql`n.type`)} = ANY (u.notifications_muted), false)
            AND NOT (coalesce(u.notifications_read_through, '-infinity'::timestamptz) >= n.last_at)
            AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = u.id)
        )
      ORDER BY n.last_at
      LIMIT ${limit}
    ) RETURNING id`);
  return [...personal].length + [...company].length;
}
