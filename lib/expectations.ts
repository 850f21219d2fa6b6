import { Cron } from "croner";
import type { CadenceKind, Workflow } from "@/db/schema";

// A workflow's expectations (PRODUCT.md §5 Alerts) as pure rules: when is it late, when is
// it failing, when has that cleared, and what it all means in words. No database, no clock
// of its own: the evaluator (lib/alerts.ts) and the settings form's preview both call these.

export type Expectation = {
  cadenceKind: CadenceKind | null;
  intervalMinutes: number | null;
  cronExpression: string | null;
  timeZone: string | null;
  graceMinutes: number;
  failureStreak: number | null;
  failureRatePercent: number | null;
  failureRateWindow: number;
  failureRateMinRuns: number;
  /** lateness never counts from before this */
  since: Date;
};

const MINUTE = 60_000;
/** A run that starts this much before its scheduled time still counts for it (clock drift). */
const EARLY_START_MS = MINUTE;
/** A failure rate must fall to this share of the threshold before a failing alert clears. */
export const RATE_CLEAR_FACTOR = 0.75;

/** Null when the expression and zone make a schedule; else what is wrong, for the form. */
export function cronProblem(expression: string, timeZone: string): string | null {
  if (!isTimeZone(timeZone)) return `“${timeZone}” is not a time zone Nexus knows (use a name like Europe/Berlin or UTC).`;
  try {
    const cron = new Cron(expression, { timezone: timeZone, paused: true });
    if (!cron.nextRun(new Date())) return "This schedule never runs.";
    return null;
  } catch (error) {
    return `Not a cron expression: ${(error as Error).message}`;
  }
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The moment the workflow became late, or null when it is not late at `now`: a run was
 * due (every N minutes since the last start, or at the latest scheduled time) and none
 * started by then plus the grace period.
 */
export function lateSince(expectation: Expectation, lastRunAt: Date | null, now: Date): Date | null {
  const grace = expectation.graceMinutes * MINUTE;
  if (expectation.cadenceKind === "interval" && expectation.intervalMinutes) {
    const reference = Math.max(lastRunAt?.getTime() ?? 0, expectation.since.getTime());
    const deadline = reference + expectation.intervalMinutes * MINUTE + grace;
    return now.getTime() >= deadline ? new Date(deadline) : null;
  }
  if (expectation.cadenceKind === "cron" && expectation.cronExpression && expectation.timeZone) {
    const cron = new Cron(expectation.cronExpression, { timezone: expectation.timeZone, paused: true });
    // the latest scheduled time whose grace has passed
    const [due] = cron.previousRuns(1, new Date(now.getTime() - grace + 1));
    if (!due || due.getTime() < expectation.since.getTime()) return null;
    if (lastRunAt && lastRunAt.getTime() >= due.getTime() - EARLY_START_MS) return null;
    return new Date(due.getTime() + grace);
  }
  return null;
}

export type FailureVerdict = { tripped: boolean; cleared: boolean; streak: number; failed: number; finished: number };

/**
 * The failure rule on the newest finished runs (newest first, `failed` or not). Tripped: K
 * failures in a row, or a failure rate above X % over the last N (with at least the
 * minimum count). Cleared (hysteresis): the newest run succeeded, no streak, and the rate
 * at most three quarters of X, so a workflow hovering at the threshold does not flap.
 */
export function failureVerdict(expectation: Expectation, newestFirst: readonly boolean[]): FailureVerdict {
  const window = newestFirst.slice(0, expectation.failureRateWindow);
  let streak = 0;
  while (streak < newestFirst.length && newestFirst[streak]) streak += 1;
  const failed = window.filter(Boolean).length;
  const finished = window.length;
  const rate = finished > 0 ? (failed / finished) * 100 : 0;
  const rateRule = expectation.failureRatePercent !== null && finished >= expectation.failureRateMinRuns;
  const streakTripped = expectation.failureStreak !== null && streak >= expectation.failureStreak;
  const rateTripped = rateRule && rate > (expectation.failureRatePercent ?? 100);
  const rateClear = !rateRule || rate <= (expectation.failureRatePercent ?? 100) * RATE_CLEAR_FACTOR;
  return {
    tripped: streakTripped || rateTripped,
    cleared: streak === 0 && finished > 0 && rateClear,
    streak,
    failed,
    finished,
  };
}

export function hasFailureRule(expectation: Pick<Expectation, "failureStreak" | "failureRatePercent">): boolean {
  return expectation.failureStreak !== null || expectation.failureRatePercent !== null;
}

export function hasCadence(expectation: Pick<Expectation, "cadenceKind">): boolean {
  return expectation.cadenceKind !== null;
}

/** Sensible starting points per trigger type; manual workflows expect nothing. */
export function defaultExpectation(trigger: Workflow["trigger"]): Omit<Expectation, "since"> {
  const rules = { failureStreak: 3, failureRatePercent: 20, failureRateWindow: 20, failureRateMinRuns: 5 };
  const none = { cronExpression: null, timeZone: null };
  switch (trigger) {
    case "schedule":
      return { cadenceKind: "interval", intervalMinutes: 24 * 60, graceMinutes: 60, ...none, ...rules };
    case "webhook":
    case "event":
      return { cadenceKind: "interval", intervalMinutes: 24 * 60, graceMinutes: 120, ...none, ...rules };
    default:
      return { cadenceKind: null, intervalMinutes: null, graceMinutes: 15, ...none, failureStreak: null, failureRatePercent: null, failureRateWindow: 20, failureRateMinRuns: 5 };
  }
}

export function durationInWords(minutes: number): string {
  const parts: string[] = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  if (hours) parts.push(`${hours} hour${hours === 1 ? "" : "s"}`);
  if (rest || parts.length === 0) parts.push(`${rest} minute${rest === 1 ? "" : "s"}`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

/** "Mon, Mar 30, 09:15" in the zone. */
function at(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone, hourCycle: "h23" }).format(date);
}

/** What will alert, in words, for the settings form's preview and the docs. */
export function describeExpectation(expectation: Expectation, now: Date = new Date()): string[] {
  const lines: string[] = [];
  const grace = expectation.graceMinutes;
  if (expectation.cadenceKind === "interval" && expectation.intervalMinutes) {
    lines.push(
      `Alerts when no run has started for ${durationInWords(expectation.intervalMinutes + grace)} (every ${durationInWords(expectation.intervalMinutes)}, plus ${durationInWords(grace)} of grace).`,
    );
  } else if (expectation.cadenceKind === "cron" && expectation.cronExpression && expectation.timeZone && !cronProblem(expectation.cronExpression, expectation.timeZone)) {
    const cron = new Cron(expectation.cronExpression, { timezone: expectation.timeZone, paused: true });
    const next = cron.nextRuns(2, now);
    const [first, second] = next;
    if (first) {
      const deadline = new Date(first.getTime() + grace * MINUTE);
      lines.push(
        `Alerts when no run has started by ${at(deadline, expectation.timeZone)} (${expectation.timeZone}) for the run due ${at(first, expectation.timeZone)}${second ? `; the one after is due ${at(second, expectation.timeZone)}` : ""}.`,
      );
    }
  } else {
    lines.push("Never alerts for lateness.");
  }
  const rules: string[] = [];
  if (expectation.failureStreak !== null) rules.push(`${expectation.failureStreak} runs in a row fail`);
  if (expectation.failureRatePercent !== null) {
    rules.push(
      `more than ${expectation.failureRatePercent} % of the last ${expectation.failureRateWindow} finished runs fail (once at least ${expectation.failureRateMinRuns} have finished)`,
    );
  }
  lines.push(rules.length ? `Alerts when ${rules.join(", or when ")}.` : "Never alerts for failures.");
  return lines;
}
