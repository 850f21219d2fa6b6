import "server-only";
import { and, asc, eq, gt, inArray, like, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { CompanyScope } from "@/lib/authz";
import { credentialAad, decryptWithRing, encryptWithRing, type KeyRing } from "@/lib/crypto";
import type { Database, Queryable } from "../client";
import { auditLog, credentials, users, type Role } from "../schema";
import { newestFirst } from "./order";

// The credential vault's storage (PRODUCT.md §7). Pages get masked DTOs only: no function
// here that serves a page selects ciphertext, nonce or tag; the sealed columns are read
// only by the reveal command and the key rotation, which decrypt on the server.

const accessors = alias(users, "credential_accessors");

/** The scope as a condition on credentials.company_id; null when it reaches no company. */
function scopeCondition(scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(credentials.companyId, [...scope.companyIds]);
}

function reaches(scope: CompanyScope, companyId: string): boolean {
  return scope.kind === "all" || scope.companyIds.includes(companyId);
}

/** One credential as lists show it: masked, with who of the agency last viewed it. */
export type CredentialListItem = {
  id: string;
  name: string;
  service: string;
  /** the last four characters, or "" for a short secret */
  hint: string;
  createdAt: Date;
  rotatedAt: Date | null;
  lastAccessedAt: Date | null;
  lastAccessedByName: string | null;
};

/** A company's credentials, masked, by name. Empty when the company is outside the scope. */
export async function listCredentials(
  db: Queryable,
  { scope, companyId }: { scope: CompanyScope; companyId: string },
): Promise<CredentialListItem[]> {
  if (!reaches(scope, companyId)) return [];
  return db
    .select({
      id: credentials.id,
      name: credentials.name,
      service: credentials.service,
      hint: credentials.hint,
      createdAt: credentials.createdAt,
      rotatedAt: credentials.rotatedAt,
      lastAccessedAt: credentials.lastAccessedAt,
      lastAccessedByName: sql<string | null>`coalesce(${accessors.name}, ${accessors.email})`,
    })
    .from(credentials)
    .leftJoin(accessors, eq(accessors.id, credentials.lastAccessedById))
    .where(eq(credentials.companyId, companyId))
    .orderBy(asc(sql`lower(${credentials.name})`), asc(credentials.id));
}

export type CredentialRecord = {
  id: string;
  companyId: string;
  name: string;
  service: string;
  rotatedAt: Date | null;
  lastAccessedAt: Date | null;
};

const recordColumns = {
  id: credentials.id,
  companyId: credentials.companyId,
  name: credentials.name,
  service: credentials.service,
  rotatedAt: credentials.rotatedAt,
  lastAccessedAt: credentials.lastAccessedAt,
};

const sealedColumns = {
  ...recordColumns,
  ciphertext: credentials.ciphertext,
  nonce: credentials.nonce,
  tag: credentials.authTag,
  keyVersion: credentials.keyVersion,
};

export type SealedCredential = CredentialRecord & { ciphertext: Buffer; nonce: Buffer; tag: Buffer; keyVersion: number };

/**
 * A credential in the scope, without its secret; null when it does not exist or is out of
 * scope. With `lock`, the row stays locked (FOR UPDATE) until the caller's transaction ends.
 */
export async function findCredential(
  db: Queryable,
  { scope, id, lock = false }: { scope: CompanyScope; id: string; lock?: boolean },
): Promise<CredentialRecord | null> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const query = db.select(recordColumns).from(credentials).where(and(eq(credentials.id, id), inScope)).limit(1);
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

/** A credential in the scope with its sealed secret, for the reveal; null as findCredential. */
export async function findSealedCredential(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<SealedCredential | null> {
  const inScope = scopeCondition(scope);
  if (inScope === null) return null;
  const [row] = await db.select(sealedColumns).from(credentials).where(and(eq(credentials.id, id), inScope)).limit(1);
  return row ?? null;
}

export type NewCredential = {
  id: string;
  companyId: string;
  name: string;
  service: string;
  ciphertext: Buffer;
  nonce: Buffer;
  tag: Buffer;
  keyVersion: number;
  hint: string;
  createdById: string | null;
  createdAt?: Date;
  rotatedAt?: Date | null;
};

function sealedValues(row: NewCredential) {
  const { tag, ...rest } = row;
  return { ...rest, authTag: tag };
}

export async function insertCredential(db: Queryable, row: NewCredential): Promise<void> {
  await db.insert(credentials).values(sealedValues(row));
}

/** For the seed: rows whose id exists already are left as they are. */
export async function insertCredentialsIfMissing(db: Queryable, rows: readonly NewCredential[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(credentials)
    .values(rows.map(sealedValues))
    .onConflictDoNothing()
    .returning({ id: credentials.id });
  return inserted.length;
}

/** Renames a credential, and with `sealed` replaces its secret too. */
export async function updateCredential(
  db: Queryable,
  id: string,
  change: {
    name: string;
    service: string;
    sealed?: { ciphertext: Buffer; nonce: Buffer; tag: Buffer; keyVersion: number; hint: string; rotatedAt: Date };
  },
): Promise<void> {
  const { sealed } = change;
  await db
    .update(credentials)
    .set({
      name: change.name,
      service: change.service,
      ...(sealed
        ? {
            ciphertext: sealed.ciphertext,
            nonce: sealed.nonce,
            authTag: sealed.tag,
            keyVersion: sealed.keyVersion,
            hint: sealed.hint,
            rotatedAt: sealed.rotatedAt,
          }
        : {}),
    })
    .where(eq(credentials.id, id));
}

export async function deleteCredential(db: Queryable, id: string): Promise<void> {
  await db.delete(credentials).where(eq(credentials.id, id));
}

export async function markCredentialAccessed(db: Queryable, { id, userId, at }: { id: string; userId: string; at: Date }) {
  await db.update(credentials).set({ lastAccessedAt: at, lastAccessedById: userId }).where(eq(credentials.id, id));
}

// ---------------------------------------------------------------- access log

export type CredentialAccessLogEntry = {
  id: string;
  at: Date;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: Role | null;
  /** the credential's name when the entry was written */
  credentialName: string | null;
};

/**
 * The audit entries of a company's credentials (reveals by staff; adds, replacements,
 * edits and deletions), newest first, a page at a time. Only the label fields leave
 * here, never the entry's raw changes.
 */
export async function listCredentialAccessLog(
  db: Queryable,
  { scope, companyId, page = 1, pageSize = 20 }: { scope: CompanyScope; companyId: string; page?: number; pageSize?: number },
): Promise<{ entries: CredentialAccessLogEntry[]; hasNext: boolean }> {
  if (!reaches(scope, companyId)) return { entries: [], hasNext: false };
  const size = Math.max(1, Math.min(pageSize, 100));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorName: users.name,
      actorEmail: auditLog.actorEmail,
      actorRole: users.role,
      credentialName: sql<string | null>`${auditLog.changes}->>'credential'`,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.companyId, companyId), eq(auditLog.targetType, "credential"), like(auditLog.action, "credential.%")))
    .orderBy(newestFirst(auditLog.at), newestFirst(auditLog.id))
    .limit(size + 1)
    .offset((Math.max(1, page) - 1) * size);
  return { entries: rows.slice(0, size), hasNext: rows.length > size };
}

// ---------------------------------------------------------------- key rotation

export type ReencryptionReport = { reencrypted: number; skipped: number; failed: string[] };

/**
 * Moves every credential sealed under an older key version to the ring's newest key
 * (`npm run keys:rotate`). Across all companies: this is maintenance, not a tenant's
 * request. Rows go in small batches, each under SELECT … FOR UPDATE in its own short
 * transaction, so the app keeps reading and writing meanwhile (older versions still
 * decrypt until every row has moved). A row that cannot be decrypted is reported and
 * left as it is.
 */
export async function reencryptCredentials(
  db: Database,
  ring: KeyRing,
  { batchSize = 50, onBatch }: { batchSize?: number; onBatch?: (report: ReencryptionReport) => void } = {},
): Promise<ReencryptionReport> {
  const report: ReencryptionReport = { reencrypted: 0, skipped: 0, failed: [] };
  const target = ring.currentVersion;
  let after: string | null = null;
  for (;;) {
    const batch: { id: string }[] = await db
      .select({ id: credentials.id })
      .from(credentials)
      .where(and(lt(credentials.keyVersion, target), after ? gt(credentials.id, after) : undefined))
      .orderBy(asc(credentials.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const { id } of batch) {
      const outcome = await db.transaction(async (tx) => {
        const [row] = await tx
          .select(sealedColumns)
          .from(credentials)
          .where(and(eq(credentials.id, id), lt(credentials.keyVersion, target)))
          .for("update");
        // replaced or deleted since the batch was listed
        if (!row) return "skipped" as const;
        const aad = credentialAad(row.companyId, row.id);
        let secret: string;
        try {
          secret = decryptWithRing(ring, row, aad);
        } catch {
          return "failed" as const;
        }
        const sealed = encryptWithRing(ring, secret, aad);
        await tx
          .update(credentials)
          .set({ ciphertext: sealed.ciphertext, nonce: sealed.nonce, authTag: sealed.tag, keyVersion: sealed.keyVersion })
          .where(eq(credentials.id, id));
        return "reencrypted" as const;
      });
      if (outcome === "failed") report.failed.push(id);
      else report[outcome] += 1;
    }
    after = batch.at(-1)?.id ?? null;
    onBatch?.({ ...report, failed: [...report.failed] });
  }
  return report;
}
