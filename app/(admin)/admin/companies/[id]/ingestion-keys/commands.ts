import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { findIngestionKey, insertIngestionKey, revokeIngestionKey } from "@/db/queries/ingestion-keys";
import { companies } from "@/db/schema";
import { command, forbidden } from "@/lib/action";
import { audit } from "@/lib/audit";
import { can } from "@/lib/authz";
import { generateIngestionKey } from "@/lib/ingestion";
import { createIngestionKeySchema, revokeIngestionKeySchema } from "./schema";

/** Creates a key for a company in scope; the full key is returned once and never stored. */
export const createIngestionKey = command({
  capability: "ingestionKeys.manage",
  schema: createIngestionKeySchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    if (!can(viewer, "ingestionKeys.manage", { companyId: input.companyId })) return forbidden();
    const [company] = await db
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.id, input.companyId), isNull(companies.archivedAt)))
      .limit(1);
    if (!company) return forbidden();
    const generated = generateIngestionKey();
    const key = await db.transaction(async (tx) => {
      const row = await insertIngestionKey(tx, {
        companyId: input.companyId,
        name: input.name,
        prefix: generated.prefix,
        keyHash: generated.keyHash,
        createdById: viewer.id,
      });
      await audit(tx, context, {
        action: "ingestion_key.create",
        targetType: "ingestion_key",
        targetId: row.id,
        companyId: input.companyId,
        changes: { name: { from: null, to: input.name }, prefix: { from: null, to: generated.prefix } },
      });
      return row;
    });
    return { ok: true, message: "Key created. Copy it now: it will not be shown again.", data: { id: key.id, key: generated.key } };
  },
});

export const revokeIngestionKeyCommand = command({
  capability: "ingestionKeys.manage",
  schema: revokeIngestionKeySchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const key = await findIngestionKey(db, input.keyId);
    if (!key || !can(viewer, "ingestionKeys.manage", { companyId: key.companyId })) return forbidden();
    if (key.revokedAt) return { ok: true, message: "The key was already revoked." };
    await db.transaction(async (tx) => {
      await revokeIngestionKey(tx, { id: key.id, revokedById: viewer.id });
      await audit(tx, context, {
        action: "ingestion_key.revoke",
        targetType: "ingestion_key",
        targetId: key.id,
        companyId: key.companyId,
        changes: { revokedAt: { from: null, to: new Date().toISOString() } },
      });
    });
    return { ok: true, message: `Key ${key.prefix}… revoked. Engines using it now get 401.` };
  },
});
