import type { Expectation } from "@/lib/expectations";

// The expectation form's values: strings, like the fields that post them (field names of
// ../expectation/schema.ts). Pure, so the page (prefill) and the form (preview) share it.

export type IntervalUnit = "minutes" | "hours" | "days";

export type ExpectationFormValues = {
  cadence: "none" | "interval" | "cron";
  intervalValue: string;
  intervalUnit: IntervalUnit;
  cronExpression: string;
  timeZone: string;
  graceMinutes: string;
  failureStreak: string;
  failureRatePercent: string;
  failureRateWindow: string;
  failureRateMinRuns: string;
};

export const UNIT_MINUTES: Record<IntervalUnit, number> = { minutes: 1, hours: 60, days: 1440 };

const text = (value: number | null) => (value === null ? "" : String(value));

/** A stored (or suggested) expectation as the form shows it: 1440 minutes reads "1 days". */
export function formValuesOf(expectation: Omit<Expectation, "since">, fallbackTimeZone = "UTC"): ExpectationFormValues {
  const minutes = expectation.intervalMinutes;
  const intervalUnit: IntervalUnit = minutes && minutes % 1440 === 0 ? "days" : minutes && minutes % 60 === 0 ? "hours" : minutes ? "minutes" : "hours";
  return {
    cadence: expectation.cadenceKind ?? "none",
    intervalValue: minutes ? String(minutes / UNIT_MINUTES[intervalUnit]) : "",
    intervalUnit,
    cronExpression: expectation.cronExpression ?? "",
    timeZone: expectation.timeZone ?? fallbackTimeZone,
    graceMinutes: String(expectation.graceMinutes),
    failureStreak: text(expectation.failureStreak),
    failureRatePercent: text(expectation.failureRatePercent),
    failureRateWindow: String(expectation.failureRateWindow),
    failureRateMinRuns: String(expectation.failureRateMinRuns),
  };
}

/** A whole number in the range, or null (blank, not a number, out of range). */
export function wholeIn(value: string, min: number, max: number): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= min && number <= max ? number : null;
}
