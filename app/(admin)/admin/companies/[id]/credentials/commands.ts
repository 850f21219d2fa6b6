import "server-only";
import { findSealedCredential, markCredentialAccessed } from "@/db/queries/credentials";
import { command, forbidden } from "@/lib/action";
import { audit } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { credentialKeyRing } from "@/lib/credential-keys";
import { credentialAad, decryptWithRing } from "@/lib/crypto";
import { storeCompanyNotification } from "@/lib/notify";
import { revealCredentialSchema } from "./schema";
import { logger } from "@/lib/logger";

/**
 * Staff reveal (PRODUCT.md §7): an admin, or the company's SE, sees one secret. The
 * access is recorded on the credential and in the audit log, the company's clients are
 * notified, and the plaintext travels only in this response: never in a page, a log or
 * an audit entry.
 */
export const revealCredential = command({
  capability: "credentials.reveal",
  schema: revealCredentialSchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const record = await findSealedCredential(db, { scope: scopeFor(viewer, "credentials.reveal"), id: input.credentialId });
    if (!record || !can(viewer, "credentials.reveal", { companyId: record.companyId })) return forbidden();

    let secret: string;
    try {
      secret = decryptWithRing(credentialKeyRing(), record, credentialAad(record.companyId, record.id));
    } catch (error) {
      // A missing key version, a wrong key or a tampered record. The message names no secret.
      logger.error({ source: "credential.reveal", credentialId: record.id, keyVersion: record.keyVersion, message: (error as Error).message }, "credential could not be decrypted");
      return {
        ok: false,
        status: 500,
        error: "This secret could not be decrypted, so nothing was revealed. The credential keys need attention.",
      };
    }

    const at = new Date();
    const actor = viewer.name ?? viewer.email;
    const push = await db.transaction(async (tx) => {
      await markCredentialAccessed(tx, { id: record.id, userId: viewer.id, at });
      await audit(tx, context, {
        action: "credential.reveal",
        targetType: "credential",
        targetId: record.id,
        companyId: record.companyId,
        changes: {
          credential: record.name,
          lastAccessedAt: { from: record.lastAccessedAt?.toISOString() ?? null, to: at.toISOString() },
        },
      });
      return storeCompanyNotification(tx, record.companyId, {
        type: "credential_revealed",
        title: `${actor} viewed the “${record.name}” credential`,
        body: `${actor} of the agency viewed the secret of “${record.name}” (${record.service}). Every view is listed in the access log on your Credentials page; if you did not expect this one, replace the secret there.`,
        link: "/credentials",
      });
    });
    // Stored first, pushed after the commit; never throws.
    await push();
    return {
      ok: true,
      message: `The secret of “${record.name}” is shown for 30 seconds. This view is logged and the company's users were notified.`,
      data: { secret },
    };
  },
});
