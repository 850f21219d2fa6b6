import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { findAlert } from "@/db/queries/alert-views";
import { AlertTimeline } from "@/components/admin/alert-timeline";
import { AlertStateBadge, ConditionBadge } from "@/components/alerts/alert-labels";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { channels } from "@/lib/realtime";
import { AcknowledgeAlertForm, SnoozeAlertForm } from "../_components/alert-actions";
import { SNOOZE_MINUTES } from "../schema";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Alert" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();
const linkClass = `rounded-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`;

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/admin/alerts/${encodeURIComponent(id)}`;
  const viewer = await requirePage("alerts.view", path);
  if (!idSchema.safeParse(id).success) notFound();

  const alert = await findAlert(getDb(), { scope: scopeFor(viewer, "alerts.view"), id });
  if (!alert) notFound();
  await requirePage("alerts.view", path, { companyId: alert.companyId });
  const now = new Date();
  const manage = can(viewer, "alerts.manage", { companyId: alert.companyId });
  const snoozed = alert.state !== "resolved" && alert.snoozedUntil && alert.snoozedUntil.getTime() > now.getTime() ? alert.snoozedUntil : null;

  return (
    <>
      <LiveRefresh channel={channels.company(alert.companyId)} event="alert.updated" />
      <PageHeader
        title={`${alert.workflowName} is ${alert.condition === "late" ? "late" : "failing"}`}
        description={`An alert of ${alert.companyName}. ${alert.state === "resolved" ? "It has resolved itself." : "It resolves itself once the workflow is back to normal."}`}
        back={{ href: "/admin/alerts", label: "Alerts" }}
      />
      {/* overview, then the actions, then the timeline; on wide screens the actions sit beside both */}
      <div className="grid items-start gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2 xl:row-start-1">
          <Card title="Overview">
            <div data-testid="alert-overview" data-state={alert.state}>
              <DescriptionList
                items={[
                  { term: "Summary", value: alert.summary },
                  {
                    term: "Workflow",
                    value: (
                      <Link prefetch={false} href={`/admin/workflows/${alert.workflowId}`} className={linkClass}>
                        {alert.workflowName}
                      </Link>
                    ),
                  },
                  { term: "Company", value: alert.companyName },
                  { term: "Condition", value: <ConditionBadge condition={alert.condition} /> },
                  {
                    term: "State",
                    value: (
                      <span data-testid="alert-state">
                        <AlertStateBadge state={alert.state} />
                      </span>
                    ),
                  },
                  { term: "Opened", value: <DateTime value={alert.openedAt} /> },
                  {
                    term: "Acknowledged",
                    value: alert.acknowledgedAt ? (
                      <>
                        <DateTime value={alert.acknowledgedAt} /> by {alert.acknowledgedByName ?? "a former staff member"}
                      </>
                    ) : (
                      "Not yet"
                    ),
                  },
                  ...(alert.acknowledgeNote ? [{ term: "Staff note", value: <span className="whitespace-pre-wrap">{alert.acknowledgeNote}</span> }] : []),
                  { term: "Snoozed", value: snoozed ? <>Until <DateTime value={snoozed} /></> : "No" },
                  { term: "Clients told", value: <DateTime value={alert.clientsNotifiedAt} fallback="Not yet" /> },
                  { term: "Resolved", value: <DateTime value={alert.resolvedAt} fallback="Not yet" /> },
                ]}
              />
            </div>
          </Card>
        </div>
        <div className="xl:col-start-3 xl:row-span-2 xl:row-start-1">
          {alert.state === "resolved" ? (
            <Card title="Work this alert">
              <p className="text-sm text-gray-700">This alert has resolved itself: there is nothing left to do.</p>
            </Card>
          ) : manage ? (
            <Card
              title="Work this alert"
              description="Acknowledging shows the client that you are on it. Unacknowledged alerts are told to the client after a while."
            >
              <div className="divide-y divide-gray-200">
                <div className="pb-6">
                  {alert.state === "open" ? (
                    <AcknowledgeAlertForm alertId={alert.id} />
                  ) : (
                    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="acknowledged">
                      Acknowledged: the client sees that you are on it.
                    </p>
                  )}
                </div>
                <div className="pt-6">
                  <SnoozeAlertForm alertId={alert.id} lengths={SNOOZE_MINUTES} />
                </div>
              </div>
            </Card>
          ) : null}
        </div>
        <div className="xl:col-span-2">
          <Card title="Timeline" description="Everything that happened to this alert, oldest first.">
            <AlertTimeline events={alert.events} />
          </Card>
        </div>
      </div>
    </>
  );
}
