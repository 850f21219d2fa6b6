import "server-only";
import type { Database } from "@/db/client";
import { digestItems } from "@/db/queries/alerts";
import { deliverMail } from "./mail";

const DAY_MS = 24 * 60 * 60_000;
const timeLabel = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * The daily alert digest: one plain email per user who chose it, listing the alert
 * notifications of the 24 hours before `now` (nothing when there were none). The
 * scheduled slot (lib/scheduled-tasks.ts) makes it go out once a day.
 */
export async function sendAlertDigests(db: Database, now: Date, origin: string): Promise<number> {
  const items = await digestItems(db, { since: new Date(now.getTime() - DAY_MS), until: now });
  const byUser = new Map<string, typeof items>();
  for (const item of items) byUser.set(item.userId, [...(byUser.get(item.userId) ?? []), item]);
  let sent = 0;
  for (const list of byUser.values()) {
    const [first] = list;
    if (!first) continue;
    const lines = list.map((item) => `- ${timeLabel.format(item.createdAt)} UTC: ${item.title}\n  ${item.body}${item.link ? `\n  ${origin}${item.link}` : ""}`);
    const delivered = await deliverMail(db, {
      to: first.email,
      subject: `Nexus alerts: ${list.length} update${list.length === 1 ? "" : "s"} in the last day`,
      text: `${lines.join("\n\n")}\n\nYou get this digest because of your alert settings in Nexus (${origin}${first.role === "client" ? "/settings" : "/admin/profile"}).\n`,
    });
    if (delivered) sent += 1;
  }
  return sent;
}
