import { z } from "zod";
import { companyStatuses } from "@/db/schema";

// Form fields arrive as strings (lib/server-action.ts): every schema here parses strings.

/** The statuses a profile edit may set; `archived` comes only with the archive command. */
export const editableCompanyStatuses = ["active", "onboarding", "paused"] as const;

export const COMPANY_NAME_MAX = 120;
export const INDUSTRY_MAX = 80;

// z.guid(): seeded ids are hex UUIDs without RFC version bits, which z.uuid() would refuse.
const companyId = z.guid({ error: "This company id is not valid." });

const name = z
  .string({ error: "Enter the company's name." })
  .trim()
  .min(1, "Enter the company's name.")
  .max(COMPANY_NAME_MAX, `Use at most ${COMPANY_NAME_MAX} characters.`);

const industry = z
  .string({ error: "Enter the industry." })
  .trim()
  .min(1, "Enter the industry.")
  .max(INDUSTRY_MAX, `Use at most ${INDUSTRY_MAX} characters.`);

/**
 * An amount in the currency's major unit ("65", "65.5", "65.50") as integer cents, parsed
 * from the digits so no float rounding creeps in; blank means the platform default (null).
 */
export const hourlyRateField = z
  .string({ error: "Enter an amount like 65.00, or leave it blank." })
  .optional()
  .transform((value, context) => {
    const text = (value ?? "").trim();
    if (text === "") return null;
    const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text);
    if (!match) {
      context.addIssue({
        code: "custom",
        message: "Enter an amount like 65.00 (up to 999999.99), or leave it blank for the platform default.",
      });
      return z.NEVER;
    }
    return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  });

const status = z.enum(editableCompanyStatuses, { error: "Choose active, onboarding or paused." });

/** A select whose first option ("none") is blank: null, or a well-formed id. */
function optionalId(message: string) {
  return z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim() || null)
    .pipe(z.guid({ error: message }).nullable());
}

export const createCompanySchema = z.object({
  name,
  industry,
  hourlyRate: hourlyRateField,
  status,
  planId: optionalId("Choose one of the plans, or no plan yet."),
  assignedSeId: optionalId("Choose one of the sales engineers, or none yet."),
});

export const updateCompanyProfileSchema = z.object({
  id: companyId,
  name,
  industry,
  hourlyRate: hourlyRateField,
  status,
});

export const assignCompanySeSchema = z.object({
  id: companyId,
  assignedSeId: optionalId("Choose one of the sales engineers, or none."),
});

export const changeCompanyPlanSchema = z.object({
  id: companyId,
  planId: z.guid({ error: "Choose a plan." }),
});

export const companyIdSchema = z.object({ id: companyId });

/** The list page's URL parameters; anything unusable is ignored rather than an error. */
export const companyFiltersSchema = z.object({
  q: z.string().catch("").transform((text) => text.trim().slice(0, 100)),
  status: z.enum(companyStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
