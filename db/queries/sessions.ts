import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { sessions, users, type Role } from "../schema";

// Idle: a session unused this long ends. Absolute: no session outlives this.
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
// Sliding the idle expiry is a write: do it at most once a minute per session.
const TOUCH_INTERVAL_MS = 60 * 1000;

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  companyId: string | null;
};

export async function createSession(
  db: Queryable,
  input: { userId: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  const now = Date.now();
  await db.insert(sessions).values({
    sessionToken,
    userId: input.userId,
    expires: new Date(now + SESSION_IDLE_MS),
    absoluteExpires: new Date(now + SESSION_ABSOLUTE_MS),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
  });
  return sessionToken;
}

/**
 * The user behind a live session, read fresh from the database: null when the session
 * was ended, has expired, or its user is deactivated. Slides the idle expiry.
 */
export async function findSessionUser(db: Queryable, sessionToken: string): Promise<SessionUser | null> {
  const now = new Date();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyId: users.companyId,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.sessionToken, sessionToken),
        gt(sessions.expires, now),
        gt(sessions.absoluteExpires, now),
        eq(users.active, true),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expires: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where(eq(sessions.sessionToken, sessionToken));
  }
  const { lastSeenAt: _lastSeenAt, ...user } = row;
  return user;
}

export async function deleteSession(db: Queryable, sessionToken: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sessionToken, sessionToken));
}

/** Ends every session of a user (deactivation, password reset, role change). */
export async function deleteUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Ends every session of a user but the one given ("sign out everywhere else"). */
export async function deleteOtherSessions(db: Queryable, userId: string, keepSessionToken: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.sessionToken, keepSessionToken)));
}

export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.delete(sessions).where(lt(sessions.absoluteExpires, sql`now()`));
}
