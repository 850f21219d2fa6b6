import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { notificationEmails, users, type AlertEmailPreference, type Notification, type NotificationKind, type Role } from "../schema";
import { kindOfType } from "./notifications";

// Notification email (issue 22, item 3; drizzle/0012_notification_email.sql). Company
// notifications (user_id NULL) reach a client by email at once when the kind is in
// users.notifications_email_now, or in the daily digest when it is in
// users.notifications_email_digest; alerts (personal rows) follow users.alert_email. The job
// runner sends both (lib/notification-email.ts); nothing here runs on ingestion.

/** Saves a user's in-app and email choices; a changed immediate choice counts from now on. */
export async function setNotificationPreferences(
  db: Queryable,
  {
    userId,
    muted,
    alertEmail,
    emailNow,
    emailDigest,
  }: { userId: string; muted: readonly NotificationKind[]; alertEmail: AlertEmailPreference; emailNow: readonly NotificationKind[]; emailDigest: readonly NotificationKind[] },
): Promise<void> {
  const now = sql`${`{${[...new Set(emailNow)].join(",")}}`}::notification_kind[]`;
  await db
    .update(users)
    .set({
      notificationsMuted: [...new Set(muted)],
      alertEmail,
      notificationsEmailNow: [...new Set(emailNow)],
      notificationsEmailDigest: [...new Set(emailDigest)],
      // an email choice turned on does not mail what happened before it
      notificationsEmailSince: sql`CASE WHEN ${users.notificationsEmailNow} = ${now} THEN ${users.notificationsEmailSince} ELSE now() END`,
    })
    .where(and(eq(users.id, userId), eq(users.active, true)));
}

export type PendingEmail = {
  notificationId: string;
  companyId: string;
  userId: string;
  email: string;
  type: Notification["type"];
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
};

/**
 * Company notifications that started within `lookbackMs` of `now` and that a client who
 * wants their kind emailed at once has not been emailed yet, oldest first. Driven from the
 * users who chose immediate email (few), each reading their own company's groups through
 * the company index: no client ever gets another company's notification.
 */
export async function pendingImmediateEmails(db: Queryable, { now, lookbackMs, limit }: { now: Date; lookbackMs: number; limit: number }): Promise<PendingEmail[]> {
  const cutoff = sql`${new Date(now.getTime() - lookbackMs).toISOString()}::timestamptz`;
  const rows = await db.execute<{
    notification_id: string;
    company_id: string;
    user_id: string;
    email: string;
    type: Notification["type"];
    title: string;
    body: string;
    link: string | null;
    created_at: string;
  }>(sql`
    SELECT n.id AS notification_id, n.company_id, u.id AS user_id, u.email, n.type, n.title, n.body, n.link, n.created_at
    FROM users u
    JOIN notifications n ON n.company_id = u.company_id AND n.user_id IS NULL
    WHERE u.active AND u.role = 'client' AND cardinality(u.notifications_email_now) > 0
      AND n.last_at > ${cutoff} AND n.created_at > ${cutoff}
      AND n.created_at <= ${now.toISOString()}::timestamptz
      AND n.created_at >= u.notifications_email_since AND n.created_at >= u.created_at
      AND ${kindOfType(sql`n.type`)} = ANY (u.notifications_email_now)
      AND NOT EXISTS (SELECT 1 FROM notification_emails e WHERE e.notification_id = n.id AND e.user_id = u.id)
    ORDER BY n.created_at, n.id, u.id
    LIMIT ${limit}`);
  return [...rows].map((row) => ({
    notificationId: row.notification_id,
    companyId: row.company_id,
    userId: row.user_id,
    email: row.email,
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(row.created_at),
  }));
}

/**
 * Claims one immediate email: true for exactly one caller (the primary key decides; a
 * concurrent claimer waits for the first one's transaction and then gets false).
 */
export async function claimImmediateEmail(db: Queryable, email: Pick<PendingEmail, "notificationId" | "userId" | "companyId">): Promise<boolean> {
  const rows = await db
    .insert(notificationEmails)
    .values({ notificationId: email.notificationId, userId: email.userId, companyId: email.companyId })
    .onConflictDoNothing()
    .returning({ userId: notificationEmails.userId });
  return rows.length > 0;
}

export type DigestRecipient = {
  userId: string;
  email: string;
  role: Role;
  companyId: string | null;
  alertDigest: boolean;
  kinds: NotificationKind[];
  joinedAt: Date;
};

/** Active users who chose a digest for some kind and whose last digest ended before `slot`. */
export async function dueDigestRecipients(db: Queryable, { slot, limit }: { slot: Date; limit: number }): Promise<DigestRecipient[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      role: users.role,
      companyId: users.companyId,
      alertEmail: users.alertEmail,
      kinds: users.notificationsEmailDigest,
      joinedAt: users.createdAt,
    })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        sql`(${users.alertEmail} = 'digest' OR cardinality(${users.notificationsEmailDigest}) > 0)`,
        sql`${users.notificationsDigestThrough} < ${slot.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(users.id)
    .limit(limit);
  return rows.map(({ alertEmail, companyId, role, ...row }) => ({
    ...row,
    role,
    // staff get no company notifications
    companyId: role === "client" ? companyId : null,
    alertDigest: alertEmail === "digest",
    kinds: row.kinds.filter((kind) => kind !== "alerts"),
  }));
}

/**
 * Claims a user's digest for the slot: moves their watermark to `until` and returns where
 * the last digest ended, or null when another worker (or an earlier run) already did.
 * Holds the user's row until the caller's transaction ends.
 */
export async function claimDigest(db: Queryable, { userId, slot, until }: { userId: string; slot: Date; until: Date }): Promise<Date | null> {
  const rows = await db.execute<{ previous: string }>(sql`
    UPDATE users u SET notifications_digest_through = ${until.toISOString()}::timestamptz
    FROM (SELECT id, notifications_digest_through AS previous FROM users WHERE id = ${userId} FOR UPDATE) AS old
    WHERE u.id = old.id AND old.previous < ${slot.toISOString()}::timestamptz
    RETURNING old.previous`);
  const [row] = [...rows];
  return row ? new Date(row.previous) : null;
}

export type DigestItem = { type: Notification["type"]; title: string; body: string; link: string | null; count: number; createdAt: Date; lastAt: Date };

/**
 * What a user's digest lists: their alert notifications that arrived in (since, until] (when
 * they chose the alert digest), and their company's notifications of their digest kinds that
 * started or grew in that span (a group once, with its count), oldest first.
 */
export async function digestItemsOf(db: Queryable, recipient: DigestRecipient, { since, until, limit = 200 }: { since: Date; until: Date; limit?: number }): Promise<DigestItem[]> {
  const from = sql`${since.toISOString()}::timestamptz`;
  const to = sql`${until.toISOString()}::timestamptz`;
  const parts = [];
  if (recipient.alertDigest) {
    parts.push(sql`
      SELECT n.type, n.title, n.body, n.link, n.count, n.created_at, n.last_at FROM notifications n
      WHERE n.user_id = ${recipient.userId} AND n.type IN ('alert_opened', 'alert_escalated', 'alert_resolved')
        AND n.created_at > ${from} AND n.created_at <= ${to}`);
  }
  if (recipient.companyId && recipient.kinds.length > 0) {
    parts.push(sql`
      SELECT n.type, n.title, n.body, n.link, n.count, n.created_at, n.last_at FROM notifications n
      WHERE n.company_id = ${recipient.companyId} AND n.user_id IS NULL
        AND ${kindOfType(sql`n.type`)} = ANY (${`{${recipient.kinds.join(",")}}`}::notification_kind[])
        AND n.last_at > ${from} AND n.last_at <= ${to} AND n.last_at >= ${recipient.joinedAt.toISOString()}::timestamptz`);
  }
  if (parts.length === 0) return [];
  const rows = await db.execute<{ type: Notification["type"]; title: string; body: string; link: string | null; count: number; created_at: string; last_at: string }>(sql`
    SELECT * FROM (${sql.join(
      parts.map((part) => sql`(${part})`),
      sql` UNION ALL `,
    )}) AS items ORDER BY last_at, created_at LIMIT ${limit}`);
  return [...rows].map((row) => ({
    type: row.type,
    title: row.title,
    body: row.body,
    link: row.link,
    count: Number(row.count),
    createdAt: new Date(row.created_at),
    lastAt: new Date(row.last_at),
  }));
}
