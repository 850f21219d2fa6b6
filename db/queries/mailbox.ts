import "server-only";
import { desc } from "drizzle-orm";
import type { Queryable } from "../client";
import { devMailbox } from "../schema";

/** Keeps a mail in the development mailbox instead of sending it (no SMTP configured). */
export async function keepDevMail(db: Queryable, mail: { to: string; subject: string; text: string }): Promise<void> {
  await db.insert(devMailbox).values(mail);
}

/** The development mailbox, newest first. */
export async function listDevMail(db: Queryable, { limit = 100 }: { limit?: number } = {}) {
  return db
    .select({ id: devMailbox.id, to: devMailbox.to, subject: devMailbox.subject, text: devMailbox.text, createdAt: devMailbox.createdAt })
    .from(devMailbox)
    .orderBy(desc(devMailbox.createdAt), desc(devMailbox.id))
    .limit(limit);
}
