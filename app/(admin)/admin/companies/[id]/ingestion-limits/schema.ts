import { z } from "zod";
import { LIMIT_BOUNDS } from "@/lib/ingestion-limits";

// Form fields arrive as strings: each limit is a whole number in its bounds, or blank for
// the platform default (null).
function limitField(label: string, { min, max }: { min: number; max: number }) {
  const message = `Enter a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, or leave it blank for the default.`;
  return z
    .string({ error: message })
    .optional()
    .transform((value, context) => {
      const text = (value ?? "").trim().replaceAll(",", "");
      if (text === "") return null;
      if (!/^\d{1,7}$/.test(text) || Number(text) < min || Number(text) > max) {
        context.addIssue({ code: "custom", message: `${label}: ${message}` });
        return z.NEVER;
      }
      return Number(text);
    });
}

export const setIngestionLimitsSchema = z.object({
  companyId: z.guid({ error: "This company id is not valid." }),
  keyRatePerMinute: limitField("Per key, a minute", LIMIT_BOUNDS.ratePerMinute),
  keyBurst: limitField("Per key, burst", LIMIT_BOUNDS.burst),
  companyRatePerMinute: limitField("Per company, a minute", LIMIT_BOUNDS.ratePerMinute),
  companyBurst: limitField("Per company, burst", LIMIT_BOUNDS.burst),
});
