import "server-only";
import type { Database } from "@/db/client";
import {
  claimDigest,
  claimImmediateEmail,
  digestItemsOf,
  dueDigestRecipients,
  pendingImmediateEmails,
  type DigestItem,
  type DigestRecipient,
} from "@/db/queries/notification-emails";
import { logger } from "./logger";
import { deliverMail } from "./mail";
import { KIND_LABELS, KIND_OF_TYPE, notificationDetail, notificationHeadline } from "./notification-kinds";

// Notification email, sent by the job runner's scheduled tasks (lib/scheduled-tasks.ts), never
// by the request that stored the notification: recording runs costs no more with email on.
//
// - Immediately: a company notification reaches each client who chose email for its kind
//   once, when its group starts (a later failure of the same burst grows the group, not the
//   inbox). A ledger row per (notification, user) is claimed in the transaction that hands
//   the mail over: a retried or concurrent run sends nothing twice, and a worker killed
//   before the commit leaves the email to the next run (a minute later).
// - Daily digest: one email per user per day (slot 08:00 UTC) listing what happened since
//   their last digest: their alerts (alert email setting "digest") and their company's
//   notifications of the kinds they chose for the digest, a group once with its count. The
//   user's watermark moves in the same transaction: a re-run lists nothing twice, and users
//   a killed worker did not reach are served by the next run (every 15 minutes).

const DAY_MS = 24 * 60 * 60_000;
/** Groups older than this are not emailed any more (a worker down longer than a day). */
export const IMMEDIATE_LOOKBACK_MS = DAY_MS;
/** A digest lists at most the last week, however long the user had none. */
const DIGEST_MAX_SPAN_MS = 7 * DAY_MS;
/** The daily digest's slots start at 08:00 UTC. */
const DIGEST_OFFSET_MS = 8 * 60 * 60_000;

const timeLabel = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function settingsLink(origin: string, role: DigestRecipient["role"] | "client"): string {
  return `${origin}${role === "client" ? "/settings" : "/admin/profile"}`;
}

/** The start of the digest day `now` falls in (08:00 UTC, today or yesterday). */
export function digestSlot(now: Date): Date {
  return new Date(Math.floor((now.getTime() - DIGEST_OFFSET_MS) / DAY_MS) * DAY_MS + DIGEST_OFFSET_MS);
}

/** Sends the immediate emails due at `now`; returns how many went out. */
export async function sendImmediateNotificationEmails(db: Database, now: Date, origin: string, { limit = 500 }: { limit?: number } = {}): Promise<number> {
  const pending = await pendingImmediateEmails(db, { now, lookbackMs: IMMEDIATE_LOOKBACK_MS, limit });
  let sent = 0;
  for (const email of pending) {
    const kind = KIND_OF_TYPE[email.type];
    try {
      const delivered = await db.transaction(async (tx) => {
        if (!(await claimImmediateEmail(tx, email))) return false;
        return deliverMail(tx, {
          to: email.email,
          subject: email.title,
          text: `${email.body ? `${email.body}\n\n` : ""}${email.link ? `Open it in Nexus: ${origin}${email.link}\n\n` : ""}You get this email because you chose email for ${
            kind ? KIND_LABELS[kind].label.toLowerCase() : "these notifications"
          } in Nexus (${settingsLink(origin, "client")}). Later occurrences of the same problem within the hour are counted in Nexus, not emailed again.\n`,
        });
      });
      if (delivered) sent += 1;
    } catch (error) {
      // the ledger row rolled back with the transaction: the next run tries again
      logger.error({ source: "mail", err: error, notificationId: email.notificationId, userId: email.userId }, "notification email failed");
    }
  }
  return sent;
}

function digestLine(item: DigestItem, origin: string): string {
  const headline = notificationHeadline(item);
  const detail = notificationDetail(item);
  return `- ${timeLabel.format(item.lastAt)} UTC: ${headline}${detail ? `\n  ${detail}` : ""}${item.link ? `\n  ${origin}${item.link}` : ""}`;
}

/**
 * Sends the daily digests due at `now`: one email per user whose last digest ended before
 * today's slot, when anything happened since (nothing to tell, no email; the watermark
 * moves all the same). Returns how many were sent.
 */
export async function sendDigests(db: Database, now: Date, origin: string, { limit = 500 }: { limit?: number } = {}): Promise<number> {
  const slot = digestSlot(now);
  const recipients = await dueDigestRecipients(db, { slot, limit });
  let sent = 0;
  for (const recipient of recipients) {
    try {
      const delivered = await db.transaction(async (tx) => {
        const previous = await claimDigest(tx, { userId: recipient.userId, slot, until: now });
        if (!previous) return false;
        const since = new Date(Math.max(previous.getTime(), now.getTime() - DIGEST_MAX_SPAN_MS));
        const items = await digestItemsOf(tx, recipient, { since, until: now });
        if (items.length === 0) return false;
        const alertsOnly = items.every((item) => KIND_OF_TYPE[item.type] === "alerts");
        return deliverMail(tx, {
          to: recipient.email,
          subject: `Nexus ${alertsOnly ? "alerts" : "digest"}: ${items.length} update${items.length === 1 ? "" : "s"} since ${timeLabel.format(since)} UTC`,
          text: `${items.map((item) => digestLine(item, origin)).join("\n\n")}\n\nYou get this digest because of your notification settings in Nexus (${settingsLink(origin, recipient.role)}).\n`,
        });
      });
      if (delivered) sent += 1;
    } catch (error) {
      logger.error({ source: "mail", err: error, userId: recipient.userId }, "digest failed");
    }
  }
  return sent;
}
