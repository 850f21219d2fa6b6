import type { AlertCondition, AlertEventKind, AlertState } from "@/db/schema";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

// Alerts in words and badges (issue 15), shared by the staff pages. The colour only
// repeats what the word says.

export const conditionLabels: Record<AlertCondition, string> = { late: "Late", failing: "Failing" };
export const stateLabels: Record<AlertState, string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

const conditionTones: Record<AlertCondition, Tone> = { late: "warning", failing: "danger" };
const stateTones: Record<AlertState, Tone> = { open: "danger", acknowledged: "info", resolved: "success" };

export function ConditionBadge({ condition }: { condition: AlertCondition }) {
  return <StatusBadge status={condition} label={conditionLabels[condition]} tone={conditionTones[condition]} />;
}

export function AlertStateBadge({ state }: { state: AlertState }) {
  return <StatusBadge status={state} label={stateLabels[state]} tone={stateTones[state]} />;
}

export const eventLabels: Record<AlertEventKind, string> = {
  opened: "Opened",
  reopened: "Reopened",
  acknowledged: "Acknowledged",
  snoozed: "Snoozed",
  clients_notified: "Clients notified",
  resolved: "Resolved",
};
