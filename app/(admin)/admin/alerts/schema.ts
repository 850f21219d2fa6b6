import { z } from "zod";
import { alertConditions, alertStates } from "@/db/schema";

const alertId = z.guid({ error: "Unknown alert." });

export const acknowledgeAlertSchema = z.object({
  alertId,
  note: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? null : value),
    z.string().trim().max(500, "Use at most 500 characters.").nullable().default(null),
  ),
});

/** Snooze lengths offered, in minutes: an hour, four hours, a day, three days. */
export const SNOOZE_MINUTES = [60, 240, 1440, 4320] as const;

export const snoozeAlertSchema = z.object({
  alertId,
  minutes: z.coerce
    .number({ error: "Choose how long to snooze." })
    .refine((value): value is (typeof SNOOZE_MINUTES)[number] => (SNOOZE_MINUTES as readonly number[]).includes(value), "Choose one of the listed lengths."),
});

/** The alerts page's filters, from the query string. */
export const alertFiltersSchema = z.object({
  companyId: z.guid().optional().catch(undefined),
  workflowId: z.guid().optional().catch(undefined),
  state: z.enum([...alertStates, "active"]).optional().catch(undefined),
  condition: z.enum(alertConditions).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
