import "server-only";
import { and, asc, eq, gte, ilike, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import type { Queryable } from "../client";
import { auditLog, companies, type AuditEntry } from "../schema";
import { newestFirst } from "./order";

/** Appends to the audit log. Callers pass changes without secrets; there is no update. */
export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

// ---------------------------------------------------------------- reading the log

export type AuditFilters = {
  /** part of the actor's email, case-insensitive */
  actor?: string;
  action?: string;
  companyId?: string;
  /** UTC dates, YYYY-MM-DD, both inclusive */
  from?: string;
  to?: string;
};

export type AuditListEntry = {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  companyId: string | null;
  companyName: string | null;
  ip: string | null;
  changes: Record<string, unknown> | null;
};

/**
 * Keyset position: the (at, id) of the last entry shown. `at` keeps the database's
 * microseconds (a JS Date would round them to milliseconds and skip entries of the
 * same millisecond), so it travels as text.
 */
type AuditCursor = { at: string; id: string };

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

/** The cursor of a "Next" link, or null when it is not one this module made. */
export function decodeAuditCursor(raw: string | null | undefined): AuditCursor | null {
  if (!raw || raw.length > 200) return null;
  const [at, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !at || !id || !CURSOR_AT.test(at) || !UUID.test(id)) return null;
  return { at, id };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of a YYYY-MM-DD date, or null for anything else. */
function utcMidnight(day: string | undefined): Date | null {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

/** LIKE treats % and _ as wildcards; a search for them means the characters. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The scope as a condition: all entries, or those of the companies in scope. Entries
 * without a company (staff and platform events) match no company, so only "all" sees
 * them. Null when the scope reaches nothing.
 */
function scopeCondition(scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(auditLog.companyId, [...scope.companyIds]);
}

/**
 * The log newest first, one page at a time by keyset on (at, id): pass the previous
 * page's `nextCursor` to get the next one. `nextCursor` is null on the last page.
 */
export async function listAuditEntries(
  db: Queryable,
  {
    scope,
    filters = {},
    cursor = null,
    limit = 50,
  }: { scope: CompanyScope; filters?: AuditFilters; cursor?: string | null; limit?: number },
): Promise<{ entries: AuditListEntry[]; nextCursor: string | null }> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return { entries: [], nextCursor: null };

  const conditions: (SQL | undefined)[] = [inScope];
  const actor = filters.actor?.trim();
  if (actor) conditions.push(ilike(auditLog.actorEmail, `%${escapeLike(actor)}%`));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.companyId) {
    if (!UUID.test(filters.companyId)) return { entries: [], nextCursor: null };
    conditions.push(eq(auditLog.companyId, filters.companyId));
  }
  const from = utcMidnight(filters.from);
  if (from) conditions.push(gte(auditLog.at, from));
  const to = utcMidnight(filters.to);
  if (to) conditions.push(lt(auditLog.at, new Date(to.getTime() + DAY_MS)));
  const position = decodeAuditCursor(cursor);
  if (position) {
    conditions.push(sql`(${auditLog.at}, ${auditLog.id}) < (${position.at}::timestamptz, ${position.id}::uuid)`);
  }

  const pageSize = Math.max(1, Math.min(limit, 200));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      cursorAt: sql<string>`to_char(${auditLog.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      companyId: auditLog.companyId,
      companyName: companies.name,
      ip: auditLog.ip,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .leftJoin(companies, eq(companies.id, auditLog.companyId))
    .where(and(...conditions))
    .orderBy(newestFirst(auditLog.at), newestFirst(auditLog.id))
    .limit(pageSize + 1);

  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? encodeAuditCursor({ at: last.cursorAt, id: last.id }) : null;
  return { entries: page.map(({ cursorAt: _cursorAt, ...entry }) => entry), nextCursor };
}

/** The distinct actions of the entries in scope, for the filter. */
export async function listAuditActions(db: Queryable, { scope }: { scope: CompanyScope }): Promise<string[]> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return [];
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(inScope)
    .orderBy(asc(auditLog.action));
  return rows.map((row) => row.action);
}
