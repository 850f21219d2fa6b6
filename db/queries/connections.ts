import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull, like, lt, lte, or, sql } from "drizzle-orm";
import { connectionKeyAad, decryptWithRing, encryptWithRing, type KeyRing } from "@/lib/crypto";
import type { Database, Queryable } from "../client";
import { companies, connectionWorkflows, engineConnections, workflowExecutions, workflows, type ConnectionStatus } from "../schema";

// Engine connections (n8n) and their workflow mappings. Pages get DTOs without the sealed
// API key; only the sync, the test command and the key rotation read the sealed columns.

/** A connection as staff pages show it: health, never the key. */
const listColumns = {
  id: engineConnections.id,
  companyId: engineConnections.companyId,
  engine: engineConnections.engine,
  name: engineConnections.name,
  baseUrl: engineConnections.baseUrl,
  apiKeyHint: engineConnections.apiKeyHint,
  status: engineConnections.status,
  lastSyncAt: engineConnections.lastSyncAt,
  nextSyncAt: engineConnections.nextSyncAt,
  runsImported: engineConnections.runsImported,
  lastError: engineConnections.lastError,
  lastErrorAt: engineConnections.lastErrorAt,
  consecutiveFailures: engineConnections.consecutiveFailures,
  createdAt: engineConnections.createdAt,
};

export async function listConnections(db: Queryable, { companyId }: { companyId: string }) {
  return db.select(listColumns).from(engineConnections).where(eq(engineConnections.companyId, companyId)).orderBy(asc(engineConnections.createdAt));
}

export type ConnectionListItem = Awaited<ReturnType<typeof listConnections>>[number];

/** One connection (no key), for pages and the commands' authorization. */
export async function findConnection(db: Queryable, id: string) {
  const [row] = await db.select(listColumns).from(engineConnections).where(eq(engineConnections.id, id)).limit(1);
  return row ?? null;
}

const sealedColumns = {
  id: engineConnections.id,
  companyId: engineConnections.companyId,
  baseUrl: engineConnections.baseUrl,
  ciphertext: engineConnections.apiKeyCiphertext,
  nonce: engineConnections.apiKeyNonce,
  tag: engineConnections.apiKeyAuthTag,
  keyVersion: engineConnections.keyVersion,
};

/** The connection's URL and decrypted API key, for talking to n8n. */
export async function readConnectionTarget(db: Queryable, ring: KeyRing, id: string): Promise<{ baseUrl: string; apiKey: string; companyId: string } | null> {
  const [row] = await db.select(sealedColumns).from(engineConnections).where(eq(engineConnections.id, id)).limit(1);
  if (!row) return null;
  const apiKey = decryptWithRing(ring, row, connectionKeyAad(row.companyId, row.id));
  return { baseUrl: row.baseUrl, apiKey, companyId: row.companyId };
}

/** The last characters of an API key, for telling keys apart (never enough to use it). */
export function apiKeyHint(apiKey: string): string {
  return apiKey.length >= 16 ? apiKey.slice(-4) : "";
}

function sealKey(ring: KeyRing, companyId: string, id: string, apiKey: string) {
  const sealed = encryptWithRing(ring, apiKey, connectionKeyAad(companyId, id));
  return {
    apiKeyCiphertext: sealed.ciphertext,
    apiKeyNonce: sealed.nonce,
    apiKeyAuthTag: sealed.tag,
    keyVersion: sealed.keyVersion,
    apiKeyHint: apiKeyHint(apiKey),
  };
}

export async function insertConnection(
  db: Queryable,
  ring: KeyRing,
  input: { companyId: string; name: string; baseUrl: string; apiKey: string; createdById: string | null },
): Promise<{ id: string }> {
  // the id is made here: it is part of the key's additional authenticated data
  const id = randomUUID();
  const [row] = await db
    .insert(engineConnections)
    .values({
      id,
      companyId: input.companyId,
      name: input.name,
      baseUrl: input.baseUrl,
      createdById: input.createdById,
      ...sealKey(ring, input.companyId, id, input.apiKey),
    })
    .returning({ id: engineConnections.id });
  if (!row) throw new Error("connection insert returned nothing");
  return row;
}

/** Changes name, URL and (when given) the key; a changed target is synced again at once. */
export async function updateConnection(
  db: Queryable,
  ring: KeyRing,
  connection: { id: string; companyId: string },
  patch: { name: string; baseUrl: string; apiKey: string | null },
): Promise<void> {
  await db
    .update(engineConnections)
    .set({
      name: patch.name,
      baseUrl: patch.baseUrl,
      ...(patch.apiKey ? sealKey(ring, connection.companyId, connection.id, patch.apiKey) : {}),
      nextSyncAt: new Date(),
      consecutiveFailures: 0,
    })
    .where(eq(engineConnections.id, connection.id));
}

export async function setConnectionStatus(db: Queryable, id: string, status: ConnectionStatus): Promise<void> {
  await db
    .update(engineConnections)
    .set(status === "active" ? { status, nextSyncAt: new Date(), consecutiveFailures: 0 } : { status })
    .where(eq(engineConnections.id, id));
}

/** Asks for a sync as soon as a worker looks (within seconds). */
export async function requestSync(db: Queryable, id: string): Promise<void> {
  await db.update(engineConnections).set({ nextSyncAt: new Date() }).where(eq(engineConnections.id, id));
}

/** Deletes the connection and its mappings; the runs it imported stay with their workflows. */
export async function deleteConnection(db: Queryable, id: string): Promise<void> {
  await db.delete(engineConnections).where(eq(engineConnections.id, id));
}

// ---------------------------------------------------------------- workflow mappings

export async function listMappings(db: Queryable, { connectionId }: { connectionId: string }) {
  return db
    .select({
      externalWorkflowId: connectionWorkflows.externalWorkflowId,
      externalName: connectionWorkflows.externalName,
      workflowId: connectionWorkflows.workflowId,
      workflowName: workflows.name,
      backfilledAt: connectionWorkflows.backfilledAt,
      backfillCursor: connectionWorkflows.backfillCursor,
    })
    .from(connectionWorkflows)
    .innerJoin(workflows, eq(workflows.id, connectionWorkflows.workflowId))
    .where(eq(connectionWorkflows.connectionId, connectionId))
    .orderBy(asc(connectionWorkflows.externalName));
}

/** Another n8n workflow that already feeds this Nexus workflow (one feeds it at most). */
export async function findOtherFeeder(
  db: Queryable,
  { connectionId, externalWorkflowId, workflowId }: { connectionId: string; externalWorkflowId: string; workflowId: string },
) {
  const [row] = await db
    .select({ externalName: connectionWorkflows.externalName })
    .from(connectionWorkflows)
    .where(
      and(
        eq(connectionWorkflows.workflowId, workflowId),
        sql`NOT (${connectionWorkflows.connectionId} = ${connectionId} AND ${connectionWorkflows.externalWorkflowId} = ${externalWorkflowId})`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Tracks an n8n workflow as a Nexus workflow (replacing an earlier choice for it). A new
 * or changed target is backfilled, and the connection is synced again at once.
 */
export async function upsertMapping(
  db: Queryable,
  mapping: { connectionId: string; companyId: string; externalWorkflowId: string; externalName: string; workflowId: string },
): Promise<void> {
  await db
    .insert(connectionWorkflows)
    .values({ ...mapping, backfilledAt: null })
    .onConflictDoUpdate({
      target: [connectionWorkflows.connectionId, connectionWorkflows.externalWorkflowId],
      set: {
        externalName: mapping.externalName,
        workflowId: mapping.workflowId,
        backfilledAt: sql`CASE WHEN ${connectionWorkflows.workflowId} = ${mapping.workflowId} THEN ${connectionWorkflows.backfilledAt} END`,
        backfillCursor: sql`CASE WHEN ${connectionWorkflows.workflowId} = ${mapping.workflowId} THEN ${connectionWorkflows.backfillCursor} END`,
      },
    });
  await db.update(engineConnections).set({ nextSyncAt: new Date() }).where(eq(engineConnections.id, mapping.connectionId));
}

export async function deleteMapping(db: Queryable, { connectionId, externalWorkflowId }: { connectionId: string; externalWorkflowId: string }) {
  return db
    .delete(connectionWorkflows)
    .where(and(eq(connectionWorkflows.connectionId, connectionId), eq(connectionWorkflows.externalWorkflowId, externalWorkflowId)))
    .returning({ workflowId: connectionWorkflows.workflowId });
}

/**
 * A backfill's progress: `cursor` is where it goes on next time (n8n's page cursor), or
 * null with `done` once every page is imported.
 */
export async function saveBackfillProgress(
  db: Queryable,
  { connectionId, externalWorkflowId, workflowId, cursor }: { connectionId: string; externalWorkflowId: string; workflowId: string; cursor: string },
) {
  await db
    .update(connectionWorkflows)
    .set({ backfillCursor: cursor })
    .where(
      and(
        eq(connectionWorkflows.connectionId, connectionId),
        eq(connectionWorkflows.externalWorkflowId, externalWorkflowId),
        eq(connectionWorkflows.workflowId, workflowId),
      ),
    );
}

export async function markBackfilled(db: Queryable, { connectionId, externalWorkflowId, workflowId }: { connectionId: string; externalWorkflowId: string; workflowId: string }) {
  await db
    .update(connectionWorkflows)
    .set({ backfilledAt: new Date(), backfillCursor: null })
    // only if the mapping still points where the backfill imported to
    .where(
      and(
        eq(connectionWorkflows.connectionId, connectionId),
        eq(connectionWorkflows.externalWorkflowId, externalWorkflowId),
        eq(connectionWorkflows.workflowId, workflowId),
      ),
    );
}

// ---------------------------------------------------------------- the sync loop's state

/** External ids of imported runs are the n8n execution id with this prefix (the push path uses the same). */
export const N8N_EXTERNAL_PREFIX = "n8n-";

/** Active connections whose next sync is due and that no worker holds, oldest due first. */
export async function listDueConnections(db: Queryable, { now, limit }: { now: Date; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: engineConnections.id })
    .from(engineConnections)
    .innerJoin(companies, eq(companies.id, engineConnections.companyId))
    .where(
      and(
        eq(engineConnections.status, "active"),
        lte(engineConnections.nextSyncAt, now),
        or(isNull(engineConnections.leaseUntil), lt(engineConnections.leaseUntil, now)),
        isNull(companies.archivedAt),
      ),
    )
    .orderBy(asc(engineConnections.nextSyncAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Claims the connection for one sync: one UPDATE that succeeds only when it is active, due,
 * and no live lease holds it, so two workers (or a worker and the cron route) never sync one
 * connection at once. A worker killed mid-sync leaves a lease that simply expires.
 */
export async function claimConnection(db: Queryable, { id, leaseMs, now }: { id: string; leaseMs: number; now: Date }) {
  const leaseId = randomUUID();
  const [row] = await db
    .update(engineConnections)
    .set({ leaseId, leaseUntil: new Date(now.getTime() + leaseMs) })
    .where(
      and(
        eq(engineConnections.id, id),
        eq(engineConnections.status, "active"),
        lte(engineConnections.nextSyncAt, now),
        or(isNull(engineConnections.leaseUntil), lt(engineConnections.leaseUntil, now)),
        sql`NOT EXISTS (SELECT 1 FROM ${companies} WHERE ${companies.id} = ${engineConnections.companyId} AND ${companies.archivedAt} IS NOT NULL)`,
      ),
    )
    .returning({
      id: engineConnections.id,
      companyId: engineConnections.companyId,
      name: engineConnections.name,
      executionWatermark: engineConnections.executionWatermark,
      consecutiveFailures: engineConnections.consecutiveFailures,
      failureNotifiedAt: engineConnections.failureNotifiedAt,
    });
  return row ? { ...row, leaseId } : null;
}

/** Records a successful sync and releases the lease. */
export async function finishSyncSuccess(
  db: Queryable,
  { id, leaseId, watermark, imported, now, nextSyncAt }: { id: string; leaseId: string; watermark: number | null; imported: number; now: Date; nextSyncAt: Date },
): Promise<void> {
  await db
    .update(engineConnections)
    .set({
      executionWatermark: watermark,
      runsImported: sql`${engineConnections.runsImported} + ${imported}`,
      lastSyncAt: now,
      consecutiveFailures: 0,
      failureNotifiedAt: null,
      nextSyncAt,
      leaseId: null,
      leaseUntil: null,
    })
    .where(and(eq(engineConnections.id, id), eq(engineConnections.leaseId, leaseId)));
}

/**
 * Records a failed sync (what was imported before the failure still counts), schedules the
 * retry and releases the lease. Returns whether staff should now be told: the failure count
 * reached the threshold and nobody was told since the connection last recovered; the
 * claim of `failureNotifiedAt` is in the same UPDATE, so they are told once.
 */
export async function finishSyncFailure(
  db: Queryable,
  { id, leaseId, error, imported, now, nextSyncAt, notifyAfter }: {
    id: string;
    leaseId: string;
    error: string;
    imported: number;
    now: Date;
    nextSyncAt: Date;
    notifyAfter: number;
  },
): Promise<{ notify: boolean; consecutiveFailures: number } | null> {
  const failures = sql`${engineConnections.consecutiveFailures} + 1`;
  const [row] = await db
    .update(engineConnections)
    .set({
      runsImported: sql`${engineConnections.runsImported} + ${imported}`,
      lastError: error,
      lastErrorAt: now,
      consecutiveFailures: failures,
      failureNotifiedAt: sql`CASE WHEN ${engineConnections.failureNotifiedAt} IS NULL AND ${failures} >= ${notifyAfter} THEN ${now.toISOString()}::timestamptz ELSE ${engineConnections.failureNotifiedAt} END`,
      nextSyncAt,
      leaseId: null,
      leaseUntil: null,
    })
    .where(and(eq(engineConnections.id, id), eq(engineConnections.leaseId, leaseId)))
    .returning({ consecutiveFailures: engineConnections.consecutiveFailures, failureNotifiedAt: engineConnections.failureNotifiedAt });
  if (!row) return null;
  return { consecutiveFailures: row.consecutiveFailures, notify: row.failureNotifiedAt?.getTime() === now.getTime() };
}

/** Pushes the lease forward while a long backfill runs. */
export async function extendLease(db: Queryable, { id, leaseId, until }: { id: string; leaseId: string; until: Date }): Promise<boolean> {
  const rows = await db
    .update(engineConnections)
    .set({ leaseUntil: until })
    .where(and(eq(engineConnections.id, id), eq(engineConnections.leaseId, leaseId)))
    .returning({ id: engineConnections.id });
  return rows.length > 0;
}

/** n8n execution ids of imported runs still running, to look at again. */
export async function listUnfinishedImports(db: Queryable, { companyId, workflowIds, limit }: { companyId: string; workflowIds: string[]; limit: number }) {
  if (workflowIds.length === 0) return [];
  const rows = await db
    .select({ workflowId: workflowExecutions.workflowId, externalId: workflowExecutions.externalId })
    .from(workflowExecutions)
    .where(
      and(
        eq(workflowExecutions.companyId, companyId),
        eq(workflowExecutions.status, "running"),
        inArray(workflowExecutions.workflowId, workflowIds),
        like(workflowExecutions.externalId, `${N8N_EXTERNAL_PREFIX}%`),
      ),
    )
    .limit(limit);
  return rows.map((row) => ({ workflowId: row.workflowId, executionId: row.externalId.slice(N8N_EXTERNAL_PREFIX.length) }));
}

// ---------------------------------------------------------------- key rotation

export type ConnectionReencryptionReport = { reencrypted: number; skipped: number; failed: string[] };

/** Re-seals every connection key sealed under an older key version with the ring's newest key. */
export async function reencryptConnectionKeys(db: Database, ring: KeyRing, { batchSize = 50 }: { batchSize?: number } = {}) {
  const report: ConnectionReencryptionReport = { reencrypted: 0, skipped: 0, failed: [] };
  const target = ring.currentVersion;
  let after: string | null = null;
  for (;;) {
    const batch: { id: string }[] = await db
      .select({ id: engineConnections.id })
      .from(engineConnections)
      .where(and(lt(engineConnections.keyVersion, target), after ? gt(engineConnections.id, after) : undefined))
      .orderBy(asc(engineConnections.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const { id } of batch) {
      const outcome = await db.transaction(async (tx) => {
        const [row] = await tx
          .select(sealedColumns)
          .from(engineConnections)
          .where(and(eq(engineConnections.id, id), lt(engineConnections.keyVersion, target)))
          .for("update");
        if (!row) return "skipped" as const;
        let apiKey: string;
        try {
          apiKey = decryptWithRing(ring, row, connectionKeyAad(row.companyId, row.id));
        } catch {
          return "failed" as const;
        }
        const { apiKeyHint: _hint, ...sealed } = sealKey(ring, row.companyId, row.id, apiKey);
        await tx.update(engineConnections).set(sealed).where(eq(engineConnections.id, id));
        return "reencrypted" as const;
      });
      if (outcome === "failed") report.failed.push(id);
      else report[outcome] += 1;
    }
    after = batch.at(-1)?.id ?? null;
  }
  return report;
}
