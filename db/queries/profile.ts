import "server-only";
import { and, count, eq, gt, ne } from "drizzle-orm";
import type { Queryable } from "../client";
import { sessions, users, type AlertEmailPreference, type NotificationKind, type Role } from "../schema";

// A user's own record ("self" grants in lib/authz): every function is keyed by the
// signed-in viewer's id, so no company scope applies.

export type OwnProfile = {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  /** how alerts reach them beside the in-app notification */
  alertEmail: AlertEmailPreference;
  /** kinds of notification they do not want in-app */
  notificationsMuted: NotificationKind[];
  /** kinds of company notification they get by email at once / in the daily digest */
  notificationsEmailNow: NotificationKind[];
  notificationsEmailDigest: NotificationKind[];
};

/** The viewer's own profile, without the password hash. */
export async function findOwnProfile(db: Queryable, { userId }: { userId: string }): Promise<OwnProfile | null> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      alertEmail: users.alertEmail,
      notificationsMuted: users.notificationsMuted,
      notificationsEmailNow: users.notificationsEmailNow,
      notificationsEmailDigest: users.notificationsEmailDigest,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/** The stored hash, to verify the current password inside a command. Never pass it to a page. */
export async function findPasswordHash(
  db: Queryable,
  { userId }: { userId: string },
): Promise<{ passwordHash: string | null } | null> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function updateOwnName(db: Queryable, { userId, name }: { userId: string; name: string }): Promise<void> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

/**
 * Stores a new password hash, only if the stored one is still the hash the current
 * password was verified against (false otherwise: it changed in between).
 */
export async function replaceOwnPassword(
  db: Queryable,
  { userId, expectedHash, passwordHash }: { userId: string; expectedHash: string; passwordHash: string },
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ passwordHash })
    .where(and(eq(users.id, userId), eq(users.active, true), eq(users.passwordHash, expectedHash)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Live sessions of the user other than this browser's (unexpired, idle and absolute). */
export async function countOtherActiveSessions(
  db: Queryable,
  { userId, currentSessionToken, now = new Date() }: { userId: string; currentSessionToken: string; now?: Date },
): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        ne(sessions.sessionToken, currentSessionToken),
        gt(sessions.expires, now),
        gt(sessions.absoluteExpires, now),
      ),
    );
  return row?.count ?? 0;
}
