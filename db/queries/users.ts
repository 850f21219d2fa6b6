import "server-only";
import { and, asc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import {
  accounts,
  companies,
  devMailbox,
  loginAttempts,
  notificationReads,
  notifications,
  sessions,
  users,
  verificationTokens,
  type Role,
  type User,
} from "../schema";

/**
 * Users as staff manage them (/admin/users). Which users a viewer reaches: client users of
 * the companies in `scope`, plus staff users (admin, se) when `includeStaff` (admins only,
 * lib/authz "staffUsers.manage"). Nothing here returns a password hash.
 */
export type UserReach = { scope: CompanyScope; includeStaff: boolean };

export const USERS_PAGE_SIZE = 25;

export type UserListFilters = {
  /** part of the name or email, any case */
  q?: string;
  role?: Role;
  status?: "active" | "deactivated";
  companyId?: string;
  /** 1-based */
  page?: number;
};

export type UserListRow = {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  companyId: string | null;
  companyName: string | null;
  active: boolean;
  lastSignInAt: Date | null;
};

/** The editable fields and state of one user, as the edit page and the commands see them. */
export type ManagedUser = Pick<
  User,
  "id" | "name" | "email" | "role" | "companyId" | "active" | "lastSignInAt" | "createdAt" | "erasureNumber"
> & { companyName: string | null; hasPassword: boolean };

const STAFF_ROLES: Role[] = ["admin", "se"];

/** The users a viewer reaches, as a where clause; null when they reach none. */
function reachCondition({ scope, includeStaff }: UserReach): SQL | null {
  const clients: SQL | null =
    scope.kind === "all"
      ? eq(users.role, "client")
      : scope.companyIds.length > 0
        ? (and(eq(users.role, "client"), inArray(users.companyId, [...scope.companyIds])) ?? null)
        : null;
  const staff = includeStaff ? inArray(users.role, STAFF_ROLES) : null;
  if (clients && staff) return or(clients, staff) ?? null;
  return clients ?? staff;
}

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * One page of users, by name. One query asking for one row more than the page, so the
 * caller knows whether there is a next page without counting.
 */
export async function listUsers(
  db: Queryable,
  { reach, filters }: { reach: UserReach; filters: UserListFilters },
): Promise<{ rows: UserListRow[]; hasNext: boolean; page: number }> {
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const reachable = reachCondition(reach);
  if (!reachable) return { rows: [], hasNext: false, page };

  const conditions: SQL[] = [reachable];
  const q = filters.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    const matches = or(ilike(users.name, pattern), ilike(users.email, pattern));
    if (matches) conditions.push(matches);
  }
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.status) conditions.push(eq(users.active, filters.status === "active"));
  if (filters.companyId) conditions.push(eq(users.companyId, filters.companyId));

  const found = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      companyId: users.companyId,
      companyName: companies.name,
      active: users.active,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(and(...conditions))
    .orderBy(sql`${users.name} ASC NULLS LAST`, asc(users.email), asc(users.id))
    .limit(USERS_PAGE_SIZE + 1)
    .offset((page - 1) * USERS_PAGE_SIZE);

  return { rows: found.slice(0, USERS_PAGE_SIZE), hasNext: found.length > USERS_PAGE_SIZE, page };
}

const managedUserColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  companyId: users.companyId,
  active: users.active,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  companyName: companies.name,
  hasPassword: sql<boolean>`${users.passwordHash} IS NOT NULL`,
  erasureNumber: users.erasureNumber,
};

/**
 * One user by id, whatever the viewer: commands load the row first and then ask lib/authz
 * about both its role and its company. Null when there is no such user.
 */
export async function findUserById(db: Queryable, id: string): Promise<ManagedUser | null> {
  const [row] = await db
    .select(managedUserColumns)
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, id))
    .limit(1);
  return row ?? null;
}

/** One user the viewer reaches, or null when it does not exist or is out of reach. */
export async function findManagedUser(
  db: Queryable,
  { reach, id }: { reach: UserReach; id: string },
): Promise<ManagedUser | null> {
  const reachable = reachCondition(reach);
  if (!reachable) return null;
  const [row] = await db
    .select(managedUserColumns)
    .from(users)
    .leftJoin(companies, eq(companies.id, users.companyId))
    .where(and(eq(users.id, id), reachable))
    .limit(1);
  return row ?? null;
}

/**
 * Is the email (any case) taken by a user other than `exceptId`? Emails are unique across
 * every company and the staff, which row-level security hides from a company-scoped
 * command, so this asks the SECURITY DEFINER function app_email_taken (drizzle/0004):
 * it answers yes or no and returns no row.
 */
export async function isEmailTaken(db: Queryable, { email, exceptId }: { email: string; exceptId?: string }): Promise<boolean> {
  const [row] = await db.execute<{ taken: boolean }>(
    sql`SELECT public.app_email_taken(${email}, ${exceptId ?? null}::uuid) AS "taken"`,
  );
  return row?.taken === true;
}

export type CompanyOption = { id: string; name: string };

/**
 * The companies a user can be put in or filtered by: every non-archived company in the
 * scope, by name.
 */
export async function listCompanyOptions(db: Queryable, { scope }: { scope: CompanyScope }): Promise<CompanyOption[]> {
  if (scope.kind === "companies" && scope.companyIds.length === 0) return [];
  const open = isNull(companies.archivedAt);
  return db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(scope.kind === "all" ? open : and(open, inArray(companies.id, [...scope.companyIds])))
    .orderBy(asc(companies.name), asc(companies.id));
}

/** Is this company one users can be put in (it exists and is not archived)? */
export async function isOpenCompany(db: Queryable, companyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.id, companyId), isNull(companies.archivedAt)))
    .limit(1);
  return Boolean(row);
}

/** How many non-archived companies have this user as their assigned SE. */
export async function countAssignedCompanies(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(companies)
    .where(and(eq(companies.assignedSeId, userId), isNull(companies.archivedAt)));
  return row?.count ?? 0;
}

/** A new user without a password: they set one through their invitation link. */
export async function insertUser(
  db: Queryable,
  values: { name: string; email: string; role: Role; companyId: string | null },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(users)
    .values({ ...values, active: true, passwordHash: null })
    .returning({ id: users.id });
  if (!row) throw new Error("insert into users returned no row");
  return row;
}

export async function updateUserProfile(
  db: Queryable,
  id: string,
  values: { name: string; email: string; role: Role; companyId: string | null },
): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function setUserActive(db: Queryable, id: string, active: boolean): Promise<void> {
  await db.update(users).set({ active }).where(eq(users.id, id));
}

/** Removes the password: the user can sign in again only after using a new link. */
export async function clearUserPassword(db: Queryable, id: string): Promise<void> {
  await db.update(users).set({ passwordHash: null }).where(eq(users.id, id));
}

/** The user a password link is for, when it may still be used: the account exists and is active. */
export async function findUserForPasswordLink(
  db: Queryable,
  id: string,
): Promise<{ id: string; email: string; companyId: string | null } | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, companyId: users.companyId })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/** Stores a password the user chose; it needs no change at next sign-in. */
export async function setUserPassword(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, id));
}

/** How an erased person appears wherever their account is named. */
export function erasedUserLabel(erasureNumber: number): string {
  return `erased user #${erasureNumber}`;
}

/**
 * Erases a deactivated user's personal data (a privacy request): the row stays, as
 * "erased user #N", so history keeps its references; name, email, password and sign-in
 * times go; their sessions, sign-in accounts, password links, notifications, sign-in
 * attempts and development mail are deleted (and their read receipts of company notifications); an SE's companies lose their SE; and the
 * audit log's personal data about them is redacted by the database's one redaction path
 * (drizzle/0008 erase_audit_personal_data), which keeps every entry. Null when the user
 * is not there to erase (missing, active or erased already).
 */
export async function eraseUserData(
  db: Queryable,
  { id }: { id: string },
): Promise<{ erasureNumber: number; auditEntriesRedacted: number } | null> {
  const [before] = await db
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, false), isNull(users.erasedAt)))
    .limit(1)
    .for("update");
  if (!before) return null;
  const [numbered] = await db.execute<{ n: number }>(sql`SELECT nextval('user_erasure_numbers')::int AS n`);
  if (!numbered) throw new Error("user_erasure_numbers returned no value");
  const erasureNumber = Number(numbered.n);
  await db
    .update(users)
    .set({
      name: null,
      email: `erased-user-${erasureNumber}@erased.invalid`,
      emailVerified: null,
      image: null,
      passwordHash: null,
      lastSignInAt: null,
      erasedAt: new Date(),
      erasureNumber,
    })
    .where(eq(users.id, id));
  await db.delete(sessions).where(eq(sessions.userId, id));
  await db.delete(accounts).where(eq(accounts.userId, id));
  // lib/password-links.ts keys a user's links by this identifier
  await db.delete(verificationTokens).where(eq(verificationTokens.identifier, `password:${id}`));
  await db.delete(notifications).where(eq(notifications.userId, id));
  await db.delete(notificationReads).where(eq(notificationReads.userId, id));
  await db.delete(loginAttempts).where(sql`lower(${loginAttempts.email}) = lower(${before.email})`);
  await db.delete(devMailbox).where(sql`lower(${devMailbox.to}) = lower(${before.email})`);
  await db.update(companies).set({ assignedSeId: null }).where(eq(companies.assignedSeId, id));
  const [redacted] = await db.execute<{ n: number }>(
    sql`SELECT erase_audit_personal_data(${id}::uuid, ${before.email}, ${before.name}) AS n`,
  );
  return { erasureNumber, auditEntriesRedacted: Number(redacted?.n ?? 0) };
}
