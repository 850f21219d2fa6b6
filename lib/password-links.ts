import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";

// Invitation and password-reset links: one-time, expiring, stored through the Auth.js
// adapter's verification tokens, and only as a SHA-256 hash of the secret.
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export type PasswordLinkPurpose = "invite" | "reset";
export type PasswordLinkState = { state: "valid"; userId: string } | { state: "expired" } | { state: "invalid" };

function adapterFor(db: Queryable) {
  return DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
}

const identifierFor = (userId: string) => `password:${userId}`;
const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** "<userId>.<secret>" as it appears in the link path. */
function parse(raw: string): { userId: string; secret: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(raw);
  return match?.[1] && match[2] ? { userId: match[1], secret: match[2] } : null;
}

/**
 * Issues a new link for the user, replacing any earlier one, and returns its path
 * (`/set-password/<token>`): shown once to staff, never stored in the clear.
 */
export async function issuePasswordLink(
  db: Queryable,
  { userId, purpose, now = new Date() }: { userId: string; purpose: PasswordLinkPurpose; now?: Date },
): Promise<{ path: string; expires: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const identifier = identifierFor(userId);
  const expires = new Date(now.getTime() + (purpose === "invite" ? INVITE_TTL_MS : RESET_TTL_MS));
  await db.delete(verificationTokens).where(eq(verificationTokens.identifier, identifier));
  await adapterFor(db).createVerificationToken?.({ identifier, token: hashOf(secret), expires });
  return { path: `/set-password/${userId}.${secret}`, expires };
}

/** What opening the link would find, without using it up. */
export async function inspectPasswordLink(db: Queryable, raw: string, now = new Date()): Promise<PasswordLinkState> {
  const parsed = parse(raw);
  if (!parsed) return { state: "invalid" };
  const [row] = await db
    .select({ expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(
      and(
        eq(verificationTokens.identifier, identifierFor(parsed.userId)),
        eq(verificationTokens.token, hashOf(parsed.secret)),
      ),
    )
    .limit(1);
  if (!row) return { state: "invalid" };
  if (row.expires <= now) return { state: "expired" };
  return { state: "valid", userId: parsed.userId };
}

/** Uses the link up (whatever its state), so it can never be used twice. */
export async function consumePasswordLink(db: Queryable, raw: string, now = new Date()): Promise<PasswordLinkState> {
  const parsed = parse(raw);
  if (!parsed) return { state: "invalid" };
  const used = await adapterFor(db).useVerificationToken?.({
    identifier: identifierFor(parsed.userId),
    token: hashOf(parsed.secret),
  });
  if (!used) return { state: "invalid" };
  if (used.expires <= now) return { state: "expired" };
  return { state: "valid", userId: parsed.userId };
}
