import "server-only";
import { randomUUID } from "node:crypto";
import { deleteCredential, findCredential, insertCredential, updateCredential } from "@/db/queries/credentials";
import { command, forbidden, type ActionResult } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { credentialKeyRing } from "@/lib/credential-keys";
import { credentialAad, encryptWithRing, secretHint } from "@/lib/crypto";
import { createCredentialSchema, deleteCredentialSchema, updateCredentialSchema } from "./schema";

// A client's own credentials (PRODUCT.md §7): add, replace (rotate), rename, delete. The
// secret is encrypted before it reaches the database and appears in no audit entry;
// each entry carries the credential's name as `credential`, for the access log.

/** Adds a credential to the client's own company. */
export const createCredential = command({
  capability: "credentials.write",
  schema: createCredentialSchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const companyId = viewer.companyId;
    if (!companyId || !can(viewer, "credentials.write", { companyId })) return forbidden();
    // The id is made here, not by the database, because it is part of the AAD.
    const id = randomUUID();
    const sealed = encryptWithRing(credentialKeyRing(), input.secret, credentialAad(companyId, id));
    await db.transaction(async (tx) => {
      await insertCredential(tx, {
        id,
        companyId,
        name: input.name,
        service: input.service,
        ...sealed,
        hint: secretHint(input.secret),
        createdById: viewer.id,
      });
      await audit(tx, context, {
        action: "credential.create",
        targetType: "credential",
        targetId: id,
        companyId,
        changes: { credential: input.name, ...changesBetween(null, { name: input.name, service: input.service }) },
      });
    });
    return { ok: true, message: `“${input.name}” added. Its secret is stored encrypted.`, data: { id } };
  },
});

/**
 * Renames a credential and, when a new secret is given, replaces it (re-encrypted with
 * the newest key, rotatedAt set). A blank secret keeps the stored one.
 */
export const updateCredentialCommand = command({
  capability: "credentials.write",
  schema: updateCredentialSchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const scope = scopeFor(viewer, "credentials.write");
    const ring = input.secret === undefined ? null : credentialKeyRing();
    return db.transaction(async (tx): Promise<ActionResult> => {
      const before = await findCredential(tx, { scope, id: input.credentialId, lock: true });
      if (!before || !can(viewer, "credentials.write", { companyId: before.companyId })) return forbidden();
      const names = { name: input.name, service: input.service };
      const renamed = changesBetween({ name: before.name, service: before.service }, names);

      if (input.secret === undefined || !ring) {
        if (Object.keys(renamed).length === 0) return { ok: true, message: "Nothing to save: the name and service are unchanged." };
        await updateCredential(tx, before.id, names);
        await audit(tx, context, {
          action: "credential.update",
          targetType: "credential",
          targetId: before.id,
          companyId: before.companyId,
          changes: { credential: input.name, ...renamed },
        });
        return { ok: true, message: `“${input.name}” saved. Its secret is unchanged.` };
      }

      const rotatedAt = new Date();
      const sealed = encryptWithRing(ring, input.secret, credentialAad(before.companyId, before.id));
      await updateCredential(tx, before.id, { ...names, sealed: { ...sealed, hint: secretHint(input.secret), rotatedAt } });
      await audit(tx, context, {
        action: "credential.rotate",
        targetType: "credential",
        targetId: before.id,
        companyId: before.companyId,
        changes: {
          credential: input.name,
          ...renamed,
          rotatedAt: { from: before.rotatedAt?.toISOString() ?? null, to: rotatedAt.toISOString() },
        },
      });
      return { ok: true, message: `The secret of “${input.name}” was replaced.` };
    });
  },
});

export const deleteCredentialCommand = command({
  capability: "credentials.write",
  schema: deleteCredentialSchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const scope = scopeFor(viewer, "credentials.write");
    return db.transaction(async (tx): Promise<ActionResult> => {
      const before = await findCredential(tx, { scope, id: input.credentialId, lock: true });
      if (!before || !can(viewer, "credentials.write", { companyId: before.companyId })) return forbidden();
      await deleteCredential(tx, before.id);
      await audit(tx, context, {
        action: "credential.delete",
        targetType: "credential",
        targetId: before.id,
        companyId: before.companyId,
        changes: {
          credential: before.name,
          ...changesBetween<{ name: string | null; service: string | null }>(
            { name: before.name, service: before.service },
            { name: null, service: null },
          ),
        },
      });
      return { ok: true, message: `“${before.name}” deleted. Workflows that used it need a new one.` };
    });
  },
});
