import Link from "next/link";
import { BellRing, CircleCheckBig } from "lucide-react";
import type { ActiveAlertCounts, AlertListItem } from "@/db/queries/alert-views";
import { AlertStateBadge, ConditionBadge } from "@/components/alerts/alert-labels";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";

const integer = new Intl.NumberFormat("en-US");
const linkClass = `rounded-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`;

/** The dashboard's open-alerts tile: how many need someone, late vs failing, and the newest. */
export function ActiveAlerts({ counts, newest }: { counts: ActiveAlertCounts; newest: AlertListItem[] }) {
  return (
    <Card
      title="Open alerts"
      description="Workflows that are late or failing now, in the companies you see. Acknowledged ones stay until they clear."
      actions={
        <Link prefetch={false} href="/admin/alerts?state=active" className={`text-sm ${linkClass}`}>
          All active alerts
        </Link>
      }
    >
      <div className="grid gap-6 lg:grid-cols-3" data-testid="open-alerts">
        <div className="flex items-start gap-4">
          <span
            aria-hidden
            className={`flex size-11 shrink-0 items-center justify-center rounded-full ${counts.total > 0 ? "bg-rose-50 text-rose-700" : "bg-emerald-50 text-emerald-700"}`}
          >
            {counts.total > 0 ? <BellRing className="size-5" /> : <CircleCheckBig className="size-5" />}
          </span>
          <div>
            <p className="text-3xl font-semibold tabular-nums text-gray-900" data-testid="open-alerts-count">
              {integer.format(counts.total)}
            </p>
            <p className="text-sm text-gray-700">
              {counts.total === 0
                ? "Nothing is late or failing."
                : `${integer.format(counts.late)} late, ${integer.format(counts.failing)} failing; ${integer.format(counts.unacknowledged)} not acknowledged yet.`}
            </p>
          </div>
        </div>
        <div className="lg:col-span-2">
          {newest.length === 0 ? (
            <p className="text-sm text-gray-600">New alerts show up here the moment they open.</p>
          ) : (
            <ul aria-label="Newest active alerts" className="divide-y divide-gray-200" data-testid="open-alerts-list">
              {newest.map((alert) => (
                <li key={alert.id} data-alert-id={alert.id} data-workflow-id={alert.workflowId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
                  <div className="min-w-0">
                    <Link prefetch={false} href={`/admin/alerts/${alert.id}`} className={linkClass}>
                      {alert.workflowName}
                    </Link>
                    <p className="truncate text-sm text-gray-600">{alert.companyName}</p>
                  </div>
                  <div className="flex flex-wrap items-center gap-2 text-sm text-gray-600">
                    <ConditionBadge condition={alert.condition} />
                    <AlertStateBadge state={alert.state} />
                    <DateTime value={alert.openedAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Card>
  );
}
