import "server-only";
import nodemailer from "nodemailer";

/**
 * Sends an email when SMTP_URL is configured (e.g. smtp://user:pass@host:587); otherwise
 * does nothing and says so, because staff can always copy the link from the screen.
 */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<boolean> {
  const url = process.env.SMTP_URL;
  if (!url) return false;
  try {
    const transport = nodemailer.createTransport(url);
    await transport.sendMail({ from: process.env.SMTP_FROM ?? "Nexus <no-reply@localhost>", ...message });
    return true;
  } catch (error) {
    console.error(JSON.stringify({ level: "error", source: "mail", message: (error as Error).message }));
    return false;
  }
}
