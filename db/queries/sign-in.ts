import "server-only";
import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { loginAttempts, users } from "../schema";
import { newestFirst } from "./order";

export async function findUserForSignIn(db: Queryable, email: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      companyId: users.companyId,
      active: users.active,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return user ?? null;
}

/**
 * Records a sign-in attempt and returns its id. `ip` is the throttle key of the caller's
 * address (lib/sign-in-throttle.ts `throttleKeyForIp`), or "unknown".
 */
export async function recordSignInAttempt(
  db: Queryable,
  attempt: { email: string; ip: string; succeeded: boolean; at?: Date },
): Promise<string> {
  const [row] = await db
    .insert(loginAttempts)
    .values({ ...attempt, email: attempt.email.toLowerCase() })
    .returning({ id: loginAttempts.id });
  if (!row) throw new Error("login_attempts insert returned no row");
  return row.id;
}

export async function markSignInAttemptSucceeded(db: Queryable, attemptId: string): Promise<void> {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}

/** Removes an attempt that was refused unchecked: it is no failure, so it must not count. */
export async function deleteSignInAttempt(db: Queryable, attemptId: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.id, attemptId));
}

export type SignInHistoryRow = { at: Date; succeeded: boolean };

/**
 * The recent attempts the throttle decides on, newest first, leaving out the attempt being
 * decided. Per account: every attempt for the email (a success resets the count); per IP:
 * failures only (successes never reset it). Each reads the (email, at) or (ip, at) index
 * and stops after `limit` rows, enough for the decision to saturate (historyLimit).
 */
export async function loadSignInHistory(
  db: Queryable,
  query: { email: string; ip: string | null; since: Date; excludeId: string; accountLimit: number; ipLimit: number },
): Promise<{ account: SignInHistoryRow[]; ip: SignInHistoryRow[] }> {
  const columns = { at: loginAttempts.at, succeeded: loginAttempts.succeeded };
  const account = await db
    .select(columns)
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, query.email.toLowerCase()),
        gt(loginAttempts.at, query.since),
        ne(loginAttempts.id, query.excludeId),
      ),
    )
    .orderBy(newestFirst(loginAttempts.at))
    .limit(query.accountLimit);
  if (query.ip === null) return { account, ip: [] };
  const ip = await db
    .select(columns)
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.ip, query.ip),
        gt(loginAttempts.at, query.since),
        eq(loginAttempts.succeeded, false),
        ne(loginAttempts.id, query.excludeId),
      ),
    )
    .orderBy(newestFirst(loginAttempts.at))
    .limit(query.ipLimit);
  return { account, ip };
}

/** Deletes attempts older than the cutoff (the throttle looks back 15 minutes); returns how many. */
export async function deleteSignInAttemptsBefore(db: Queryable, cutoff: Date): Promise<number> {
  // No RETURNING: the rows may be many; postgres-js reports the count.
  const result = await db.delete(loginAttempts).where(lt(loginAttempts.at, cutoff));
  return result.count;
}

export async function markSignedIn(db: Queryable, userId: string, at: Date = new Date()): Promise<void> {
  await db.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId));
}
