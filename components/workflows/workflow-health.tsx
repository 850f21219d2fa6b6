import type { WorkflowHealth as Health } from "@/db/queries/alert-views";
import { StatusBadge } from "@/components/ui/status-badge";
import { healthSentence, type WorkflowHealthView } from "./workflow-health-words";

const stateBadges = {
  healthy: { label: "Healthy", tone: "success" },
  late: { label: "Late", tone: "warning" },
  failing: { label: "Failing", tone: "danger" },
} as const;

export function HealthBadge({ health }: { health: Pick<Health, "state" | "status"> }) {
  if (health.state === "healthy" && health.status === "paused") return <StatusBadge status="paused" />;
  const badge = stateBadges[health.state];
  return <StatusBadge status={health.state} label={badge.label} tone={badge.tone} />;
}

/** A badge and the sentence, for a table cell or a list row. */
export function WorkflowHealthLine({ health, now, compact = false }: { health: WorkflowHealthView; now: Date; compact?: boolean }) {
  const problem = health.state !== "healthy";
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="workflow-health" data-health={health.state}>
      <HealthBadge health={health} />
      {problem || !compact ? (
        <span className={`whitespace-normal ${problem ? "text-gray-900" : "text-gray-600"}`}>{healthSentence(health, now)}</span>
      ) : null}
    </span>
  );
}
