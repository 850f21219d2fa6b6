import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  alertRecipients,
  appendAlertEvent,
  claimClientEscalations,
  insertAlert,
  listActiveAlerts,
  listAlertCandidates,
  newestFinishedRuns,
  reopenRecentAlert,
  resolveAlert,
  type AlertCandidate,
} from "@/db/queries/alerts";
import { clientsToldOfFailures, companyRecipients, staffRecipients } from "@/db/queries/notifications";
import { platformSettings, type AlertCondition, type Notification } from "@/db/schema";
import { durationInWords, failureVerdict, hasCadence, hasFailureRule, lateSince, type Expectation } from "./expectations";
import { logger } from "./logger";
import { deliverMail } from "./mail";
import { storeNotifications } from "./notify";
import { channels, publish } from "./realtime";

// The alert evaluator (PRODUCT.md §5 Alerts), run every minute by the job runner (or the
// cron route). It decides from each workflow's last start and newest finished runs which
// workflows are late or failing, opens, reopens and resolves alerts, and tells people:
// staff when an alert opens, the company's clients when it stays unacknowledged past the
// platform's delay, and those clients again when it resolves. Every transition is one
// conditional write, so concurrent evaluators act once.

/** An alert resolved less than this ago comes back instead of a new one opening (hysteresis). */
export const REOPEN_WITHIN_MS = 60 * 60_000;

export type EvaluationReport = { opened: number; reopened: number; resolved: number; clientsNotified: number };

const timeLabel = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", hourCycle: "h23" });

function expectationOf(candidate: AlertCandidate): Expectation {
  return { ...candidate };
}

function lateSummary(candidate: AlertCandidate): string {
  return candidate.lastRunAt
    ? `${candidate.workflowName} has not run since ${timeLabel.format(candidate.lastRunAt)} UTC.`
    : `${candidate.workflowName} has not run since its schedule was set.`;
}

function failingSummary(candidate: AlertCandidate, verdict: ReturnType<typeof failureVerdict>): string {
  if (candidate.failureStreak !== null && verdict.streak >= candidate.failureStreak) {
    return `${candidate.workflowName} failed ${verdict.streak} times in a row.`;
  }
  return `${candidate.workflowName} failed ${verdict.failed} of its last ${verdict.finished} runs.`;
}

/** The public origin for links in emails. */
export function origin(): string {
  return (process.env.AUTH_URL ?? process.env.NEXUS_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

type Told = { type: Notification["type"]; title: string; body: string; staffLink: string; clientLink: string };

/**
 * Stores the notifications (in-app, pushed live to those who have not muted alerts) and
 * sends the emails of users who want them now; digest users get theirs with the daily
 * digest. `toldAlready`: clients who were told the same thing another way (the failure
 * notifications of a failing workflow) get no in-app notification; their email follows
 * their alert email setting as ever.
 */
async function tell(
  db: Database,
  { companyId, staff, clients, toldAlready = [] }: { companyId: string; staff: Told | null; clients: Told | null; toldAlready?: readonly string[] },
) {
  const [staffIds, clientIds, staffInApp, clientsInApp] = await Promise.all([
    staff ? staffRecipients(db, companyId) : Promise.resolve([]),
    clients ? companyRecipients(db, companyId) : Promise.resolve([]),
    staff ? staffRecipients(db, companyId, "alerts") : Promise.resolve([]),
    clients ? companyRecipients(db, companyId, "alerts") : Promise.resolve([]),
  ]);
  // Stored for everyone it concerns (a muted kind is hidden when listed, and the daily
  // digest reads these rows), pushed live only to those who have it in-app.
  const clientsToTell = clientIds.filter((id) => !toldAlready.includes(id));
  const pushes = await db.transaction(async (tx) => [
    ...(staff
      ? [await storeNotifications(tx, staffIds, { type: staff.type, title: staff.title, body: staff.body, link: staff.staffLink, companyId }, { pushTo: staffInApp })]
      : []),
    ...(clients
      ? [
          await storeNotifications(
            tx,
            clientsToTell,
            { type: clients.type, title: clients.title, body: clients.body, link: clients.clientLink, companyId },
            { pushTo: clientsInApp },
          ),
        ]
      : []),
  ]);
  await Promise.all(pushes.map((push) => push()));
  const mails = [
    ...(staff ? (await alertRecipients(db, staffIds)).map((user) => ({ user, told: staff, link: staff.staffLink })) : []),
    ...(clients ? (await alertRecipients(db, clientIds)).map((user) => ({ user, told: clients, link: clients.clientLink })) : []),
  ].filter(({ user }) => user.alertEmail === "email");
  for (const { user, told, link } of mails) {
    await deliverMail(db, {
      to: user.email,
      subject: told.title,
      text: `${told.body}\n\nOpen it in Nexus: ${origin()}${link}\n\nYou get these emails because of your alert settings in Nexus (${origin()}${user.role === "client" ? "/settings" : "/admin/profile"}).\n`,
    }).catch((error: unknown) => logger.error({ err: error, userId: user.id }, "alert mail failed"));
  }
}

async function announce(companyId: string) {
  await publish([channels.staff, channels.company(companyId)], "alert.updated", { companyId });
}

/** One evaluation of every workflow that may alert, at `now`. */
export async function evaluateAlerts(db: Database, now: Date = new Date()): Promise<EvaluationReport> {
  const report: EvaluationReport = { opened: 0, reopened: 0, resolved: 0, clientsNotified: 0 };
  const [candidates, active, [settings]] = await Promise.all([
    listAlertCandidates(db),
    listActiveAlerts(db),
    db.select({ delay: platformSettings.alertClientDelayMinutes }).from(platformSettings).where(eq(platformSettings.id, true)),
  ]);
  const withRules = candidates.filter(hasFailureRule);
  const windowSize = Math.min(100, Math.max(1, ...withRules.map((candidate) => Math.max(candidate.failureRateWindow, candidate.failureStreak ?? 0))));
  const runs = await newestFinishedRuns(db, { workflowIds: withRules.map((candidate) => candidate.workflowId), limit: windowSize });
  const activeByKey = new Map(active.map((alert) => [`${alert.workflowId}|${alert.condition}`, alert]));
  const evaluated = new Set<string>();
  const changedCompanies = new Set<string>();

  const open = async (candidate: AlertCandidate, condition: AlertCondition, summary: string) => {
    const reopened = await reopenRecentAlert(db, { workflowId: candidate.workflowId, condition, after: new Date(now.getTime() - REOPEN_WITHIN_MS), summary });
    if (reopened) {
      // a flap: the same alert again, quietly (people were told when it first opened)
      await appendAlertEvent(db, { alertId: reopened.id, companyId: candidate.companyId, at: now, kind: "reopened", note: summary });
      report.reopened += 1;
      changedCompanies.add(candidate.companyId);
      return;
    }
    const id = await insertAlert(db, { companyId: candidate.companyId, workflowId: candidate.workflowId, condition, summary, openedAt: now });
    if (!id) return;
    await appendAlertEvent(db, { alertId: id, companyId: candidate.companyId, at: now, kind: "opened", note: summary });
    report.opened += 1;
    changedCompanies.add(candidate.companyId);
    await tell(db, {
      companyId: candidate.companyId,
      staff: {
        type: "alert_opened",
        title: `${candidate.companyName}: ${candidate.workflowName} is ${condition}`,
        body: summary,
        staffLink: `/admin/alerts/${id}`,
        clientLink: `/workflows/${candidate.workflowId}`,
      },
      clients: null,
    });
  };

  const resolve = async (alertId: string, candidate: Pick<AlertCandidate, "companyId" | "workflowName" | "workflowId">, why: string) => {
    const resolved = await resolveAlert(db, { id: alertId, at: now });
    if (!resolved) return;
    await appendAlertEvent(db, { alertId, companyId: resolved.companyId, at: now, kind: "resolved", note: why });
    report.resolved += 1;
    changedCompanies.add(resolved.companyId);
    // clients hear that it is over only if they heard it began
    if (resolved.clientsNotifiedAt) {
      await tell(db, {
        companyId: resolved.companyId,
        staff: null,
        clients: {
          type: "alert_resolved",
          title: `${candidate.workflowName} is back to normal`,
          body: why,
          staffLink: `/admin/alerts/${alertId}`,
          clientLink: `/workflows/${candidate.workflowId}`,
        },
      });
    }
  };

  for (const candidate of candidates) {
    const expectation = expectationOf(candidate);
    if (hasCadence(expectation)) {
      const key = `${candidate.workflowId}|late`;
      evaluated.add(key);
      const late = lateSince(expectation, candidate.lastRunAt, now);
      const current = activeByKey.get(key);
      if (late && !current) await open(candidate, "late", lateSummary(candidate));
      if (!late && current) await resolve(current.id, candidate, `${candidate.workflowName} ran again.`);
    }
    if (hasFailureRule(expectation)) {
      const key = `${candidate.workflowId}|failing`;
      evaluated.add(key);
      const verdict = failureVerdict(expectation, runs.get(candidate.workflowId) ?? []);
      const current = activeByKey.get(key);
      if (verdict.tripped && !current) await open(candidate, "failing", failingSummary(candidate, verdict));
      if (verdict.cleared && current) {
        await resolve(current.id, candidate, `${candidate.workflowName} is succeeding again (${verdict.finished - verdict.failed} of its last ${verdict.finished} runs succeeded).`);
      }
    }
  }

  // An active alert whose workflow no longer may alert (paused, archived, expectation
  // removed): nothing is wrong any more that anyone needs to act on.
  for (const alert of active) {
    if (evaluated.has(`${alert.workflowId}|${alert.condition}`)) continue;
    const resolved = await resolveAlert(db, { id: alert.id, at: now });
    if (!resolved) continue;
    await appendAlertEvent(db, { alertId: alert.id, companyId: alert.companyId, at: now, kind: "resolved", note: "The workflow no longer has this expectation, or is paused or archived." });
    report.resolved += 1;
    changedCompanies.add(alert.companyId);
  }

  // Left unacknowledged too long: the company's clients are told too, once.
  const delayMinutes = settings?.delay ?? 30;
  const escalations = await claimClientEscalations(db, { now, openedBefore: new Date(now.getTime() - delayMinutes * 60_000) });
  for (const alert of escalations) {
    // Clients who have been seeing this workflow's failures since the alert opened have
    // been told it keeps failing: no second notification says so (README, Alerts).
    const toldAlready =
      alert.condition === "failing" ? await clientsToldOfFailures(db, { companyId: alert.companyId, workflowId: alert.workflowId, since: alert.openedAt }) : [];
    await appendAlertEvent(db, {
      alertId: alert.id,
      companyId: alert.companyId,
      at: now,
      kind: "clients_notified",
      note: toldAlready.length > 0 ? `${toldAlready.length} client${toldAlready.length === 1 ? "" : "s"} already saw the failures as they happened.` : undefined,
    });
    report.clientsNotified += 1;
    changedCompanies.add(alert.companyId);
    await tell(db, {
      companyId: alert.companyId,
      toldAlready,
      staff: null,
      clients: {
        type: "alert_escalated",
        title: alert.condition === "late" ? "A workflow has stopped running" : "A workflow keeps failing",
        body: `${alert.summary} Your agency has been told for ${durationInWords(delayMinutes)} now.`,
        staffLink: `/admin/alerts/${alert.id}`,
        clientLink: `/workflows/${alert.workflowId}`,
      },
    });
  }

  await Promise.all([...changedCompanies].map(announce));
  return report;
}
