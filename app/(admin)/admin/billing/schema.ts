import { z } from "zod";
import { parseMoneyToCents } from "./money";

// Form fields arrive as strings (lib/server-action.ts): every schema here parses strings.

export const PLAN_NAME_MAX = 60;
export const MAX_INCLUDED_RUNS = 1_000_000_000;
export const PAYMENT_REFERENCE_MAX = 120;
export const VOID_REASON_MAX = 500;

export const paymentMethods = ["bank_transfer", "card", "cash", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

// z.guid(): seeded ids are hex UUIDs without RFC version bits, which z.uuid() would refuse.
const planId = z.guid({ error: "This plan id is not valid." });
const invoiceId = z.guid({ error: "This invoice id is not valid." });

const name = z
  .string({ error: "Enter the plan's name." })
  .trim()
  .min(1, "Enter the plan's name.")
  .max(PLAN_NAME_MAX, `Use at most ${PLAN_NAME_MAX} characters.`);

function moneyField(what: string) {
  return z.string({ error: `Enter the ${what}, like 49.99.` }).transform((value, context) => {
    const cents = parseMoneyToCents(value);
    if (cents === null) {
      context.addIssue({
        code: "custom",
        message: `Enter the ${what} as an amount like 49.99 or 0.02: digits, at most two decimals, 0 or more.`,
      });
      return z.NEVER;
    }
    return cents;
  });
}

const includedRuns = z
  .string({ error: "Enter how many runs the plan includes." })
  .trim()
  .regex(/^\d{1,10}$/, "Enter a whole number of runs, 0 or more.")
  .transform(Number)
  .pipe(z.number().max(MAX_INCLUDED_RUNS, "Use at most 1,000,000,000 runs."));

export const planFieldsSchema = z.object({
  name,
  basePrice: moneyField("monthly base price"),
  includedRuns,
  overagePrice: moneyField("price per extra run"),
});

export const createPlanSchema = planFieldsSchema;
export const updatePlanSchema = planFieldsSchema.extend({ id: planId });

export const setPlanActiveSchema = z.object({
  id: planId,
  active: z.enum(["true", "false"], { error: "Choose to retire or reactivate the plan." }).transform((value) => value === "true"),
});

/** "2026-10" (an <input type="month">) or "2026-10-01", as the month's first day. */
export const billingMonthField = z
  .string({ error: "Choose a month." })
  .trim()
  .regex(/^2\d{3}-(0[1-9]|1[0-2])(-01)?$/, "Choose a month, like 2026-10.")
  .transform((value) => `${value.slice(0, 7)}-01`);

export const issueInvoicesSchema = z.object({ month: billingMonthField });

export const recordPaymentSchema = z.object({
  id: invoiceId,
  method: z.enum(paymentMethods, { error: "Choose how the invoice was paid." }),
  reference: z
    .string({ error: "Enter the payment's reference." })
    .trim()
    .min(1, "Enter the payment's reference, such as the bank transfer's reference or a receipt number.")
    .max(PAYMENT_REFERENCE_MAX, `Use at most ${PAYMENT_REFERENCE_MAX} characters.`),
});

export const voidInvoiceSchema = z.object({
  id: invoiceId,
  reason: z
    .string({ error: "Give the reason for voiding this invoice." })
    .trim()
    .min(1, "Give the reason for voiding this invoice.")
    .max(VOID_REASON_MAX, `Use at most ${VOID_REASON_MAX} characters.`),
});

export const invoiceFilterStates = ["open", "overdue", "paid", "void"] as const;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** /admin/billing's URL parameters; anything unusable is ignored rather than an error page. */
export const billingPageSchema = z.object({
  month: optional(billingMonthField),
  state: optional(z.enum(invoiceFilterStates)),
  company: optional(z.guid()),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  usagePage: z.coerce.number().int().min(1).max(10_000).catch(1),
});
