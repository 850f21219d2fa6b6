import "server-only";
import nodemailer from "nodemailer";
import type { Queryable } from "@/db/client";
import { keepDevMail } from "@/db/queries/mailbox";
import { logger } from "./logger";

export type MailMessage = { to: string; subject: string; text: string };

/**
 * Sends an email when SMTP_URL is configured (e.g. smtp://user:pass@host:587); otherwise
 * does nothing and says so, because staff can always copy the link from the screen.
 */
export async function sendMail(message: MailMessage): Promise<boolean> {
  const url = process.env.SMTP_URL;
  if (!url) return false;
  try {
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({ from: process.env.SMTP_FROM ?? "Nexus <no-reply@localhost>", ...message });
    return true;
  } catch (error) {
    // never the message or the URL (it may hold the SMTP password)
    logger.error({ source: "mail", err: error }, "mail not sent");
    return false;
  }
}

/**
 * Whether mail without SMTP goes to the development mailbox (/admin/mailbox): on by
 * default outside production, and in `npm start`; NEXUS_DEV_MAILBOX=false turns it off.
 */
export function devMailboxEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const setting = env.NEXUS_DEV_MAILBOX?.toLowerCase();
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  return env.NODE_ENV !== "production";
}

/** SMTP when configured, else the development mailbox when enabled; true when the mail went somewhere. */
export async function deliverMail(db: Queryable, message: MailMessage): Promise<boolean> {
  if (process.env.SMTP_URL) return sendMail(message);
  if (!devMailboxEnabled()) return false;
  await keepDevMail(db, message);
  return true;
}
