import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { loginAttempts, users } from "../schema";

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

export async function recordSignInAttempt(
  db: Queryable,
  attempt: { email: string; ip: string; succeeded: boolean },
): Promise<void> {
  await db.insert(loginAttempts).values({ ...attempt, email: attempt.email.toLowerCase() });
}

export async function markSignedIn(db: Queryable, userId: string): Promise<void> {
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
}
