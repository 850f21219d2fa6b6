import { AlarmClockOff, BellRing, CircleCheckBig, Megaphone, RotateCcw, UserCheck, type LucideIcon } from "lucide-react";
import type { AlertTimelineEvent } from "@/db/queries/alert-views";
import type { AlertEventKind } from "@/db/schema";
import { eventLabels } from "@/components/alerts/alert-labels";
import { DateTime } from "@/components/ui/date-time";

const icons: Record<AlertEventKind, { icon: LucideIcon; className: string }> = {
  opened: { icon: BellRing, className: "bg-rose-50 text-rose-700" },
  reopened: { icon: RotateCcw, className: "bg-rose-50 text-rose-700" },
  acknowledged: { icon: UserCheck, className: "bg-indigo-50 text-indigo-700" },
  snoozed: { icon: AlarmClockOff, className: "bg-amber-50 text-amber-800" },
  clients_notified: { icon: Megaphone, className: "bg-amber-50 text-amber-800" },
  resolved: { icon: CircleCheckBig, className: "bg-emerald-50 text-emerald-700" },
};

/** What the event says beside its label: who did it and their note, or what the evaluator saw. */
function detail(event: AlertTimelineEvent): string | null {
  switch (event.kind) {
    case "acknowledged":
      return `by ${event.actorName ?? "a former staff member"}`;
    case "snoozed":
      return `${event.note ?? ""} by ${event.actorName ?? "a former staff member"}`.trim();
    case "clients_notified":
      return "The company's clients were told, as nobody had acknowledged it yet.";
    default:
      return event.note;
  }
}

/** An alert's timeline, oldest first. */
export function AlertTimeline({ events }: { events: readonly AlertTimelineEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-gray-600">Nothing has happened to this alert yet.</p>;
  return (
    <ol aria-label="Timeline, oldest first" className="space-y-4" data-testid="alert-timeline">
      {events.map((event) => {
        const { icon: Icon, className } = icons[event.kind];
        const text = detail(event);
        return (
          <li key={event.id} className="flex gap-3" data-kind={event.kind}>
            <span aria-hidden className={`flex size-8 shrink-0 items-center justify-center rounded-full ${className}`}>
              <Icon className="size-4" />
            </span>
            <div className="min-w-0 text-sm">
              <p className="text-gray-900">
                <span className="font-semibold">{eventLabels[event.kind]}</span>
                {text ? <span className="text-gray-700"> {event.kind === "acknowledged" || event.kind === "snoozed" ? text : `— ${text}`}</span> : null}
              </p>
              {event.kind === "acknowledged" && event.note ? (
                <blockquote className="mt-1 whitespace-pre-wrap break-words rounded-md border-l-4 border-indigo-200 bg-gray-50 px-3 py-1.5 text-gray-800">
                  {event.note}
                </blockquote>
              ) : null}
              <p className="mt-0.5 text-xs text-gray-600">
                <DateTime value={event.at} />
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
