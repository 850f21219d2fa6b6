import type { WorkflowHealth } from "@/db/queries/alert-views";

// A workflow's health (issue 15) in words a client understands, also shown to staff.
// Times are UTC like every time the server renders (components/ui/date-time.tsx).

export type WorkflowHealthView = Pick<WorkflowHealth, "workflowName" | "status" | "lastRunAt" | "state" | "acknowledged">;

const weekdayTime = new Intl.DateTimeFormat("en-GB", { weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const DAY = 24 * 60 * 60_000;

/** "today 09:00 UTC", "yesterday 09:00 UTC", "Friday 09:00 UTC" within the week, else "12 Mar 09:00 UTC". */
export function sinceWords(at: Date, now: Date): string {
  const days = Math.floor(now.getTime() / DAY) - Math.floor(at.getTime() / DAY);
  if (days === 0) return `today ${time.format(at)} UTC`;
  if (days === 1) return `yesterday ${time.format(at)} UTC`;
  return `${(days > 0 && days < 7 ? weekdayTime : dateTime).format(at).replace(" at ", " ").replace(",", "")} UTC`;
}

/** What is wrong, after the workflow's name ("keeps failing"); null when nothing is. */
function problemPredicate(health: WorkflowHealthView, now: Date): string | null {
  if (health.state === "late") return health.lastRunAt ? `has not run since ${sinceWords(health.lastRunAt, now)}` : "has not started a run on schedule yet";
  if (health.state === "failing") return "keeps failing";
  return null;
}

/** What is wrong, in one sentence without a full stop; null when nothing is. */
export function problemWords(health: WorkflowHealthView, now: Date): string | null {
  const problem = problemPredicate(health, now);
  return problem ? `${health.workflowName} ${problem}` : null;
}

/** The sentence after the workflow's name: the problem and who is on it, or that all is well. */
export function healthPredicate(health: WorkflowHealthView, now: Date): string {
  const problem = problemPredicate(health, now);
  if (problem) return `${problem} — ${health.acknowledged ? "your agency is on it" : "your agency has been alerted"}.`;
  return health.status === "paused" ? "is paused." : "is running normally.";
}

/** The whole sentence, e.g. "Invoice sync keeps failing — your agency is on it." */
export function healthSentence(health: WorkflowHealthView, now: Date): string {
  return `${health.workflowName} ${healthPredicate(health, now)}`;
}
