import { z } from "zod";
import { workflowPlatforms, workflowStatuses, workflowTriggers } from "@/db/schema";

// Form fields arrive as strings (lib/server-action.ts): every schema here parses strings.

export const WORKFLOW_NAME_MAX = 120;
export const WORKFLOW_DESCRIPTION_MAX = 2000;
export const MINUTES_SAVED_MAX = 1440;

/** The statuses the settings form may set; `archived` comes only with the archive command. */
export const editableWorkflowStatuses = ["active", "paused"] as const;

// z.guid(): seeded ids are hex UUIDs without RFC version bits, which z.uuid() would refuse.
const workflowId = z.guid({ error: "This workflow id is not valid." });

const name = z
  .string({ error: "Enter the workflow's name." })
  .trim()
  .min(1, "Enter the workflow's name.")
  .max(WORKFLOW_NAME_MAX, `Use at most ${WORKFLOW_NAME_MAX} characters.`);

const description = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim())
  .pipe(z.string().max(WORKFLOW_DESCRIPTION_MAX, `Use at most ${WORKFLOW_DESCRIPTION_MAX} characters.`));

const platform = z.enum(workflowPlatforms, { error: "Choose one of the listed platforms." });
const trigger = z.enum(workflowTriggers, { error: "Choose one of the listed triggers." });

const MINUTES_MESSAGE = `Enter a whole number of minutes from 0 to ${MINUTES_SAVED_MAX}, or leave it blank for the platform default.`;

/** Minutes saved per run: a whole number 0–1440, or blank (null) for the platform default. */
export const minutesSavedPerRunField = z.preprocess(
  (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? null : value),
  z.coerce
    .number({ error: MINUTES_MESSAGE })
    .int(MINUTES_MESSAGE)
    .min(0, MINUTES_MESSAGE)
    .max(MINUTES_SAVED_MAX, MINUTES_MESSAGE)
    .nullable(),
);

export const createWorkflowSchema = z.object({
  companyId: z.guid({ error: "Choose one of the listed companies." }),
  name,
  description,
  platform,
  trigger,
  minutesSavedPerRun: minutesSavedPerRunField,
});

export const updateWorkflowSchema = z.object({
  id: workflowId,
  name,
  description,
  platform,
  trigger,
  minutesSavedPerRun: minutesSavedPerRunField,
  status: z.enum(editableWorkflowStatuses, { error: "Choose active or paused." }),
});

export const workflowIdSchema = z.object({ id: workflowId });

/** The list page's URL parameters; anything unusable is ignored rather than an error. */
export const workflowFiltersSchema = z.object({
  company: z.guid().optional().catch(undefined),
  status: z.enum(workflowStatuses).optional().catch(undefined),
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
