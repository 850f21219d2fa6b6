import "server-only";
import { lockCompany } from "@/db/queries/companies";
import { readIngestionLimits, writeIngestionLimits, type IngestionLimitSettings } from "@/db/queries/ingestion-limits";
import { command, forbidden } from "@/lib/action";
import { audit, type Changes } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { forgetIngestionBuckets } from "@/lib/ingestion-limits";
import { setIngestionLimitsSchema } from "./schema";

const FIELDS = ["keyRatePerMinute", "keyBurst", "companyRatePerMinute", "companyBurst"] as const;

/**
 * Sets a company's ingestion rate limits (blank: the platform default). Admin-only: a
 * limit protects every other company's pages. Takes effect on the next request of any
 * instance (the limits are read in the same statement as the buckets); audited.
 */
export const setIngestionLimits = command({
  capability: "ingestionLimits.manage",
  schema: setIngestionLimitsSchema,
  run: async (context, input) => {
    const { db, viewer } = context;
    const scope = scopeFor(viewer, "ingestionLimits.manage");
    return db.transaction(async (tx) => {
      const company = await lockCompany(tx, { scope, id: input.companyId });
      if (!company || !can(viewer, "ingestionLimits.manage", { companyId: company.id })) return forbidden();
      const before = await readIngestionLimits(tx, { companyId: company.id });
      const values: IngestionLimitSettings = {
        keyRatePerMinute: input.keyRatePerMinute,
        keyBurst: input.keyBurst,
        companyRatePerMinute: input.companyRatePerMinute,
        companyBurst: input.companyBurst,
      };
      const changes: Changes = {};
      for (const field of FIELDS) if (before[field] !== values[field]) changes[field] = { from: before[field], to: values[field] };
      if (Object.keys(changes).length === 0) return { ok: true, message: "Nothing to save: the limits are unchanged." };
      await writeIngestionLimits(tx, { companyId: company.id, values, updatedById: viewer.id });
      await audit(tx, context, { action: "company.ingestion_limits", targetType: "company", targetId: company.id, companyId: company.id, changes });
      // this instance at once; the others within seconds (what they remember of the buckets expires)
      forgetIngestionBuckets();
      return { ok: true, message: "Limits saved. Every app instance applies them within seconds." };
    });
  },
});
