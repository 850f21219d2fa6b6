import { z } from "zod";
import { cronProblem } from "@/lib/expectations";

// Form fields arrive as strings (lib/server-action.ts): every schema here parses strings.

const blankToNull = (value: unknown) => (value === undefined || (typeof value === "string" && value.trim() === "") ? null : value);

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label}: enter a whole number from ${min} to ${max}.` })
    .int(`${label}: enter a whole number from ${min} to ${max}.`)
    .min(min, `${label}: enter a whole number from ${min} to ${max}.`)
    .max(max, `${label}: enter a whole number from ${min} to ${max}.`);

const optionalWhole = (label: string, min: number, max: number) => z.preprocess(blankToNull, whole(label, min, max).nullable());

const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

/**
 * A workflow's expectation: a cadence (none, every N minutes/hours/days, or a cron schedule
 * in a time zone) with a grace period, and a failure rule (K in a row and/or a rate over
 * the last N finished runs, with a minimum count). Parsed into what is stored.
 */
export const saveExpectationSchema = z
  .object({
    workflowId: z.guid({ error: "This workflow id is not valid." }),
    cadence: z.enum(["none", "interval", "cron"], { error: "Choose how often the workflow should run." }),
    intervalValue: optionalWhole("Every", 1, 10_000),
    intervalUnit: z.enum(["minutes", "hours", "days"], { error: "Choose minutes, hours or days." }).default("hours"),
    cronExpression: z.preprocess(blankToNull, z.string().trim().max(120, "Use at most 120 characters.").nullable()),
    timeZone: z.preprocess(blankToNull, z.string().trim().max(64, "Use at most 64 characters.").nullable()),
    graceMinutes: whole("Grace period", 0, 10_080),
    failureStreak: optionalWhole("Failures in a row", 1, 100),
    failureRatePercent: optionalWhole("Failure rate", 1, 100),
    failureRateWindow: whole("Last runs", 3, 100),
    failureRateMinRuns: whole("Minimum runs", 3, 100),
  })
  .superRefine((input, context) => {
    if (input.cadence === "interval") {
      if (input.intervalValue === null) context.addIssue({ code: "custom", path: ["intervalValue"], message: "Every: enter how often it should run." });
      else if (input.intervalValue * UNIT_MINUTES[input.intervalUnit] < 5) {
        context.addIssue({ code: "custom", path: ["intervalValue"], message: "Every: at least 5 minutes." });
      }
    }
    if (input.cadence === "cron") {
      if (!input.cronExpression) context.addIssue({ code: "custom", path: ["cronExpression"], message: "Enter a cron expression, e.g. 15 9 * * 1-5." });
      if (!input.timeZone) context.addIssue({ code: "custom", path: ["timeZone"], message: "Choose the schedule's time zone." });
      if (input.cronExpression && input.timeZone) {
        const problem = cronProblem(input.cronExpression, input.timeZone);
        if (problem) context.addIssue({ code: "custom", path: [/zone/i.test(problem) ? "timeZone" : "cronExpression"], message: problem });
      }
    }
    if (input.failureRateMinRuns > input.failureRateWindow) {
      context.addIssue({ code: "custom", path: ["failureRateMinRuns"], message: "Minimum runs: at most the number of last runs looked at." });
    }
  })
  .transform((input) => ({
    workflowId: input.workflowId,
    cadenceKind: input.cadence === "none" ? null : input.cadence,
    intervalMinutes: input.cadence === "interval" && input.intervalValue !== null ? input.intervalValue * UNIT_MINUTES[input.intervalUnit] : null,
    cronExpression: input.cadence === "cron" ? input.cronExpression : null,
    timeZone: input.cadence === "cron" ? input.timeZone : null,
    graceMinutes: input.graceMinutes,
    failureStreak: input.failureStreak,
    failureRatePercent: input.failureRatePercent,
    failureRateWindow: input.failureRateWindow,
    failureRateMinRuns: input.failureRateMinRuns,
  }));

export type SavedExpectation = z.output<typeof saveExpectationSchema>;
