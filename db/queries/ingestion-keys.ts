import "server-only";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { ingestionKeys } from "../schema";

/** Marks a key used, at most once a minute, so busy engines do not contend on its row. */
export async function touchIngestionKey(db: Queryable, id: string): Promise<void> {
  await db
    .update(ingestionKeys)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(ingestionKeys.id, id),
        or(isNull(ingestionKeys.lastUsedAt), lt(ingestionKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}

export async function insertIngestionKey(
  db: Queryable,
  key: { companyId: string; name: string; prefix: string; keyHash: string; createdById: string | null },
) {
  const [row] = await db.insert(ingestionKeys).values(key).returning({ id: ingestionKeys.id });
  if (!row) throw new Error("ingestion key insert returned nothing");
  return row;
}

export async function listIngestionKeys(db: Queryable, { companyId }: { companyId: string }) {
  return db
    .select({
      id: ingestionKeys.id,
      name: ingestionKeys.name,
      prefix: ingestionKeys.prefix,
      createdAt: ingestionKeys.createdAt,
      lastUsedAt: ingestionKeys.lastUsedAt,
      revokedAt: ingestionKeys.revokedAt,
    })
    .from(ingestionKeys)
    .where(eq(ingestionKeys.companyId, companyId))
    .orderBy(desc(ingestionKeys.createdAt));
}

export async function findIngestionKey(db: Queryable, id: string) {
  const [key] = await db
    .select({
      id: ingestionKeys.id,
      companyId: ingestionKeys.companyId,
      name: ingestionKeys.name,
      prefix: ingestionKeys.prefix,
      revokedAt: ingestionKeys.revokedAt,
    })
    .from(ingestionKeys)
    .where(eq(ingestionKeys.id, id))
    .limit(1);
  return key ?? null;
}

export async function revokeIngestionKey(db: Queryable, { id, revokedById }: { id: string; revokedById: string }) {
  await db
    .update(ingestionKeys)
    .set({ revokedAt: new Date(), revokedById })
    .where(and(eq(ingestionKeys.id, id), isNull(ingestionKeys.revokedAt)));
}
