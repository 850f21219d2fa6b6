// What the run pages say about one run beyond its stored columns: where the engine shows it
// and its status history as Nexus saw it (kept events, or what its timestamps tell). Pure:
// no database, no request.
import type { ExecutionStatus } from "@/db/schema";

/** The prefix runs of an n8n connection carry (lib/sync.ts keys them n8n-<execution id>). */
const N8N_PREFIX = "n8n-";

/**
 * The run's page in its engine, where Nexus knows it: for a workflow fed by an n8n
 * connection and a run keyed n8n-<execution id>, n8n's execution view
 * `<base URL>/workflow/<workflow id>/executions/<execution id>`. Null otherwise (a pushed
 * run of another engine, an unmapped workflow, or a base URL that is not http(s)).
 */
export function engineRunUrl(
  externalId: string,
  engine: { baseUrl: string; externalWorkflowId: string } | null,
): string | null {
  if (!engine || !externalId.startsWith(N8N_PREFIX)) return null;
  const executionId = externalId.slice(N8N_PREFIX.length);
  if (!/^\d+$/.test(executionId)) return null;
  let base: URL;
  try {
    base = new URL(engine.baseUrl);
  } catch {
    return null;
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") return null;
  // an instance served under a path (https://host/n8n) keeps it
  const root = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${root}/workflow/${encodeURIComponent(engine.externalWorkflowId)}/executions/${executionId}`;
}

export type RunHistoryEntry = {
  at: Date;
  /** what happened, in a sentence */
  label: string;
  status: ExecutionStatus | null;
  /** whose clock: the engine reports start and finish; Nexus stamps what it received */
  clock: "engine" | "nexus";
};

const FINISHED: ReadonlySet<ExecutionStatus> = new Set(["succeeded", "failed", "cancelled"]);
const statusWords: Record<ExecutionStatus, string> = {
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

/** One entry of a run's kept status history (db/queries/executions.ts, run_status_events). */
export type StatusEvent = { status: ExecutionStatus | null; seenAt: Date };

/**
 * The run's history as Nexus saw it, oldest first: started and finished by the engine's
 * clock, and between them what Nexus kept of each report that changed the run: first
 * reported in its status, then each later change (a duplicate or stale report changes
 * nothing and has no entry). A run without kept events (recorded before the history
 * existed, or inserted by the demo seed) gets the history its timestamps tell instead.
 */
export function runHistory(
  run: {
    status: ExecutionStatus;
    startedAt: Date;
    finishedAt: Date | null;
    firstReportedAt: Date;
    lastChangedAt: Date;
  },
  events: readonly StatusEvent[] = [],
): RunHistoryEntry[] {
  if (events.length === 0) return derivedHistory(run);
  const entries: RunHistoryEntry[] = [{ at: run.startedAt, label: "Started", status: null, clock: "engine" }];
  events.forEach((event, index) => {
    const previous = index > 0 ? events[index - 1]?.status : undefined;
    entries.push({ at: event.seenAt, label: eventLabel(event.status, index === 0, previous), status: event.status, clock: "nexus" });
  });
  if (run.finishedAt && FINISHED.has(run.status)) {
    entries.push({ at: run.finishedAt, label: `Finished, ${statusWords[run.status]}`, status: run.status, clock: "engine" });
  }
  // stable: events seen at the same moment keep their kept order
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function eventLabel(status: ExecutionStatus | null, first: boolean, previous: ExecutionStatus | null | undefined): string {
  if (!status) return first ? "First reported to Nexus" : "Changed by a report";
  if (first) return `First reported to Nexus, ${statusWords[status]}`;
  // same status, another outcome: a later finish or another error message
  if (previous === status) return `Changed by a report: still ${statusWords[status]}, finish or error updated`;
  return `Changed by a report: now ${statusWords[status]}`;
}

/**
 * The history a run's timestamps tell, for runs without kept events: started (the engine's
 * clock), first reported to Nexus, finished (the engine's clock) and the last change a
 * later report made. A run first stored and never changed was first reported in its
 * current status; one changed since was first reported earlier in a status not known, and
 * the last change is when the current state arrived.
 */
function derivedHistory(run: {
  status: ExecutionStatus;
  startedAt: Date;
  finishedAt: Date | null;
  firstReportedAt: Date;
  lastChangedAt: Date;
}): RunHistoryEntry[] {
  // the insert stamps both with its transaction's now(); only a later report's update moves updated_at
  const changedLater = run.lastChangedAt.getTime() > run.firstReportedAt.getTime();
  const entries: RunHistoryEntry[] = [
    { at: run.startedAt, label: "Started", status: null, clock: "engine" },
    changedLater
      ? { at: run.firstReportedAt, label: "First reported to Nexus", status: null, clock: "nexus" }
      : {
          at: run.firstReportedAt,
          label: `First reported to Nexus, ${statusWords[run.status]}`,
          status: run.status,
          clock: "nexus",
        },
  ];
  if (run.finishedAt && FINISHED.has(run.status)) {
    entries.push({ at: run.finishedAt, label: `Finished, ${statusWords[run.status]}`, status: run.status, clock: "engine" });
  }
  if (changedLater) {
    entries.push({
      at: run.lastChangedAt,
      label: `Last changed by a report: now ${statusWords[run.status]}`,
      status: run.status,
      clock: "nexus",
    });
  }
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
