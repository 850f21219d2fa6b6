// Alerts (PRODUCT.md §5; issue 15) on both engines with an injected clock: late exactly at
// cadence plus grace, a cron cadence across DST, failure rules tripping and clearing,
// hysteresis on a flapping series, concurrent evaluators, paused and archived workflows,
// acknowledgement, snooze, escalation to clients, auto-resolution, and who is told.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlertCommand, snoozeAlertCommand } from "@/app/(admin)/admin/alerts/commands";
import { saveExpectation } from "@/app/(admin)/admin/workflows/[id]/expectation/commands";
import { upsertExpectation, type ExpectationValues } from "@/db/queries/alerts";
import { insertWorkflow } from "@/db/queries/workflows";
import { stableId } from "@/db/seed";
import { alertEvents, alerts, auditLog, devMailbox, notifications, users, workflows } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts";
import { sendDigests } from "@/lib/notification-email";
import { recordRuns } from "@/lib/record-runs";
import { contextFor, viewerFor } from "../support/context";
import { inboxOf } from "../support/notifications";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const MINUTE = 60_000;
const NONE: ExpectationValues = {
  cadenceKind: null,
  intervalMinutes: null,
  cronExpression: null,
  timeZone: null,
  graceMinutes: 15,
  failureStreak: null,
  failureRatePercent: null,
  failureRateWindow: 20,
  failureRateMinRuns: 5,
};

describe.each(engines)("alerts on %s", (engine) => {
  let database: TestDatabase;
  let counter = 0;
  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A fresh Acme workflow with this expectation, counted from `since`. */
  async function workflowExpecting(values: Partial<ExpectationValues>, since: Date): Promise<string> {
    counter += 1;
    const id = await insertWorkflow(database.db, {
      companyId: ACME,
      name: `Alert test ${engine} ${counter}`,
      description: "",
      platform: "n8n",
      trigger: "schedule",
      minutesSavedPerRun: 5,
    });
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    await upsertExpectation(database.db, { workflowId: id, companyId: ACME, values: { ...NONE, ...values }, updatedById: admin.id, now: since });
    return id;
  }

  async function run(workflowId: string, startedAt: Date, status: "succeeded" | "failed" | "running" = "succeeded") {
    counter += 1;
    await recordRuns(database.db, ACME, [
      {
        workflowId,
        externalId: `alert-run-${counter}`,
        status,
        startedAt: startedAt.toISOString(),
        finishedAt: status === "running" ? null : new Date(startedAt.getTime() + 5_000).toISOString(),
        errorMessage: status === "failed" ? "boom" : null,
      },
    ]);
  }

  async function alertsOf(workflowId: string) {
    return database.db.select().from(alerts).where(eq(alerts.workflowId, workflowId));
  }

  async function toldAbout(workflowId: string) {
    const rows = await database.db
      .select({ email: users.email, type: notifications.type })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(sql`${notifications.type} IN ('alert_opened', 'alert_escalated', 'alert_resolved') AND (${notifications.link} = ${`/workflows/${workflowId}`} OR ${notifications.link} IN (SELECT '/admin/alerts/' || id FROM alerts WHERE workflow_id = ${workflowId}))`);
    return rows.map((row) => `${row.type}:${row.email}`).sort();
  }

  it("opens a late alert exactly at cadence plus grace, not a minute before, tells the company's staff, and resolves when a run starts", async () => {
    const t0 = new Date("2026-12-01T10:00:00Z");
    const workflowId = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 60, graceMinutes: 15 }, new Date(t0.getTime() - MINUTE));
    await run(workflowId, t0);
    await evaluateAlerts(database.db, new Date(t0.getTime() + 74 * MINUTE));
    await evaluateAlerts(database.db, new Date(t0.getTime() + 75 * MINUTE - 1));
    expect(await alertsOf(workflowId)).toHaveLength(0);
    await evaluateAlerts(database.db, new Date(t0.getTime() + 75 * MINUTE));
    await evaluateAlerts(database.db, new Date(t0.getTime() + 76 * MINUTE));
    const [alert, ...more] = await alertsOf(workflowId);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({ condition: "late", state: "open", openedAt: new Date(t0.getTime() + 75 * MINUTE) });
    expect(alert?.summary).toMatch(/has not run since/);
    // Acme's SE and the admin; no client yet, and nobody of another company
    expect(await toldAbout(workflowId)).toEqual(["alert_opened:admin@nexus.example.com", "alert_opened:sam@nexus.example.com"]);
    // and by email (the development mailbox, as no SMTP is set)
    const mails = await database.db.select().from(devMailbox).where(sql`${devMailbox.text} LIKE ${`%/admin/alerts/${alert?.id}%`}`);
    expect(mails.map((mail) => mail.to).sort()).toEqual(["admin@nexus.example.com", "sam@nexus.example.com"]);
    expect(mails[0]?.subject).toMatch(/is late/);

    await run(workflowId, new Date(t0.getTime() + 80 * MINUTE), "running");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 81 * MINUTE));
    expect((await alertsOf(workflowId))[0]).toMatchObject({ state: "resolved", resolvedAt: new Date(t0.getTime() + 81 * MINUTE) });
    const timeline = await database.db.select({ kind: alertEvents.kind }).from(alertEvents).where(eq(alertEvents.alertId, alert?.id ?? "")).orderBy(alertEvents.at);
    expect(timeline.map((event) => event.kind)).toEqual(["opened", "resolved"]);
  });

  it("follows a cron cadence in its time zone across the change to summer time", async () => {
    const workflowId = await workflowExpecting(
      { cadenceKind: "cron", cronExpression: "15 9 * * *", timeZone: "Europe/Berlin", graceMinutes: 15 },
      new Date("2026-03-01T00:00:00Z"),
    );
    await run(workflowId, new Date("2026-03-28T08:15:05Z")); // 09:15 CET
    await evaluateAlerts(database.db, new Date("2026-03-29T07:29:59Z"));
    expect(await alertsOf(workflowId)).toHaveLength(0);
    // 09:15 CEST is 07:15Z: late at 07:30Z, an hour before a fixed-offset schedule would say
    await evaluateAlerts(database.db, new Date("2026-03-29T07:30:00Z"));
    expect((await alertsOf(workflowId)).map((alert) => alert.openedAt)).toEqual([new Date("2026-03-29T07:30:00Z")]);
  });

  it("trips the failure rules and clears them as specified", async () => {
    const t0 = new Date("2026-12-02T10:00:00Z");
    const workflowId = await workflowExpecting({ failureStreak: 3 }, t0);
    await run(workflowId, t0, "failed");
    await run(workflowId, new Date(t0.getTime() + MINUTE), "failed");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 2 * MINUTE));
    expect(await alertsOf(workflowId)).toHaveLength(0);
    await run(workflowId, new Date(t0.getTime() + 2 * MINUTE), "failed");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 3 * MINUTE));
    expect(await alertsOf(workflowId)).toMatchObject([{ condition: "failing", state: "open", summary: expect.stringMatching(/failed 3 times in a row/) }]);
    await run(workflowId, new Date(t0.getTime() + 3 * MINUTE), "succeeded");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 4 * MINUTE));
    expect(await alertsOf(workflowId)).toMatchObject([{ state: "resolved" }]);

    // the rate rule: above 40 % of the last 10 once 5 have finished; clears at 30 % or less
    const rated = await workflowExpecting({ failureRatePercent: 40, failureRateWindow: 10, failureRateMinRuns: 5 }, t0);
    const series = ["failed", "failed", "succeeded", "failed", "succeeded"] as const; // 60 %
    for (const [index, status] of series.entries()) await run(rated, new Date(t0.getTime() + index * MINUTE), status);
    await evaluateAlerts(database.db, new Date(t0.getTime() + 10 * MINUTE));
    expect(await alertsOf(rated)).toMatchObject([{ state: "open", summary: expect.stringMatching(/failed 3 of its last 5 runs/) }]);
    // 3 of 8 = 37.5 %: under 40, not yet clear
    for (let index = 0; index < 3; index += 1) await run(rated, new Date(t0.getTime() + (11 + index) * MINUTE), "succeeded");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 20 * MINUTE));
    expect(await alertsOf(rated)).toMatchObject([{ state: "open" }]);
    // 3 of 10 = 30 %: clear
    for (let index = 0; index < 2; index += 1) await run(rated, new Date(t0.getTime() + (21 + index) * MINUTE), "succeeded");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 30 * MINUTE));
    expect(await alertsOf(rated)).toMatchObject([{ state: "resolved" }]);
  });

  it("keeps one alert for a flapping workflow, and tells staff once", async () => {
    const t0 = new Date("2026-12-03T10:00:00Z");
    const workflowId = await workflowExpecting({ failureStreak: 2 }, t0);
    let minute = 0;
    for (let round = 0; round < 10; round += 1) {
      await run(workflowId, new Date(t0.getTime() + minute++ * MINUTE), "failed");
      await run(workflowId, new Date(t0.getTime() + minute++ * MINUTE), "failed");
      await evaluateAlerts(database.db, new Date(t0.getTime() + minute * MINUTE));
      await run(workflowId, new Date(t0.getTime() + minute++ * MINUTE), "succeeded");
      await evaluateAlerts(database.db, new Date(t0.getTime() + minute * MINUTE));
    }
    const rows = await alertsOf(workflowId);
    expect(rows).toHaveLength(1);
    const kinds = await database.db.select({ kind: alertEvents.kind }).from(alertEvents).where(eq(alertEvents.alertId, rows[0]?.id ?? ""));
    expect(kinds.filter((event) => event.kind === "reopened")).toHaveLength(9);
    expect(await toldAbout(workflowId)).toEqual(["alert_opened:admin@nexus.example.com", "alert_opened:sam@nexus.example.com"]);
  });

  it("opens one alert when two evaluators run at once", async () => {
    const t0 = new Date("2026-12-04T10:00:00Z");
    const workflowId = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    const later = new Date(t0.getTime() + 31 * MINUTE);
    await Promise.all([evaluateAlerts(database.db, later), evaluateAlerts(database.db, later), evaluateAlerts(database.db, later)]);
    expect(await alertsOf(workflowId)).toHaveLength(1);
    expect(await toldAbout(workflowId)).toHaveLength(2);
  });

  it("never alerts for paused or archived workflows, and resolves what they had open", async () => {
    const t0 = new Date("2026-12-05T10:00:00Z");
    const paused = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    const archived = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    await evaluateAlerts(database.db, new Date(t0.getTime() + 31 * MINUTE));
    expect((await alertsOf(paused)).map((alert) => alert.state)).toEqual(["open"]);
    await database.db.update(workflows).set({ status: "paused" }).where(eq(workflows.id, paused));
    await database.db.update(workflows).set({ status: "archived" }).where(eq(workflows.id, archived));
    await evaluateAlerts(database.db, new Date(t0.getTime() + 600 * MINUTE));
    expect((await alertsOf(paused)).map((alert) => alert.state)).toEqual(["resolved"]);
    expect((await alertsOf(archived)).map((alert) => alert.state)).toEqual(["resolved"]);
  });

  it("tells clients after the delay unless acknowledged or snoozed, once, and again when it resolves; staff actions are audited", async () => {
    // near the real clock: the snooze command sets its end from it
    const t0 = new Date(Math.floor((Date.now() - 10 * MINUTE) / MINUTE) * MINUTE);
    const left = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    const acked = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    const snoozed = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    await evaluateAlerts(database.db, new Date(t0.getTime() + 30 * MINUTE));
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const [ackAlert] = await alertsOf(acked);
    const [snoozeAlert] = await alertsOf(snoozed);
    // other company's SE and clients may not
    expect(await acknowledgeAlertCommand(contextFor(database.db, priya), { alertId: ackAlert?.id })).toMatchObject({ ok: false, status: 403 });
    expect(await acknowledgeAlertCommand(contextFor(database.db, olivia), { alertId: ackAlert?.id })).toMatchObject({ ok: false, status: 403 });
    expect(await acknowledgeAlertCommand(contextFor(database.db, sam), { alertId: ackAlert?.id, note: "Carrier API down, on it" })).toMatchObject({ ok: true });
    expect(await snoozeAlertCommand(contextFor(database.db, sam), { alertId: snoozeAlert?.id, minutes: "60" })).toMatchObject({ ok: true });

    await evaluateAlerts(database.db, new Date(t0.getTime() + 59 * MINUTE));
    expect(await toldAbout(left)).not.toContain("alert_escalated:olivia@acme.example.com");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 60 * MINUTE));
    await evaluateAlerts(database.db, new Date(t0.getTime() + 61 * MINUTE));
    const acmeClients = ["hana@acme.example.com", "marcus@acme.example.com", "olivia@acme.example.com"];
    expect((await toldAbout(left)).filter((line) => line.startsWith("alert_escalated"))).toEqual(acmeClients.map((email) => `alert_escalated:${email}`));
    expect((await toldAbout(acked)).filter((line) => line.startsWith("alert_escalated"))).toEqual([]);
    expect((await toldAbout(snoozed)).filter((line) => line.startsWith("alert_escalated"))).toEqual([]);
    // the snooze ends (the real clock set it): clients hear then
    const [snoozedRow] = await alertsOf(snoozed);
    await evaluateAlerts(database.db, new Date((snoozedRow?.snoozedUntil?.getTime() ?? 0) + MINUTE));
    expect((await toldAbout(snoozed)).filter((line) => line.startsWith("alert_escalated"))).toHaveLength(3);

    // resolves: the clients who were told hear it is over
    await run(left, new Date(t0.getTime() + 62 * MINUTE));
    await evaluateAlerts(database.db, new Date(t0.getTime() + 63 * MINUTE));
    expect((await toldAbout(left)).filter((line) => line.startsWith("alert_resolved"))).toEqual(acmeClients.map((email) => `alert_resolved:${email}`));

    const audited = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.targetId, [ackAlert?.id ?? "", snoozeAlert?.id ?? ""]));
    expect(audited.map((entry) => entry.action).sort()).toEqual(["alert.acknowledge", "alert.snooze"]);
    const [ackRow] = await alertsOf(acked);
    expect(ackRow).toMatchObject({ state: "acknowledged", acknowledgedById: sam.id, acknowledgeNote: "Carrier API down, on it" });
  });

  it("does not tell a client twice that a workflow keeps failing: failure notifications, or the alert when they have none", async () => {
    const t0 = new Date("2026-12-04T10:00:00Z");
    const workflowId = await workflowExpecting({ failureStreak: 3 }, t0);
    const hana = await viewerFor(database.db, "hana@acme.example.com");
    // Hana has failed runs off in-app: the alert is how she hears
    await database.db.update(users).set({ notificationsMuted: ["run_failures"] }).where(eq(users.id, hana.id));
    try {
      for (let minute = 0; minute < 3; minute += 1) await run(workflowId, new Date(t0.getTime() + minute * MINUTE), "failed");
      await evaluateAlerts(database.db, new Date(t0.getTime() + 3 * MINUTE));
      const [alert] = await alertsOf(workflowId);
      expect(alert).toMatchObject({ condition: "failing", state: "open" });
      // unacknowledged past the delay: the escalation reaches only the client who saw no failure
      await evaluateAlerts(database.db, new Date(t0.getTime() + 40 * MINUTE));
      expect((await toldAbout(workflowId)).filter((line) => line.startsWith("alert_escalated"))).toEqual(["alert_escalated:hana@acme.example.com"]);
      for (const email of ["olivia@acme.example.com", "marcus@acme.example.com"]) {
        const seen = (await inboxOf(database.db, email)).filter((item) => item.link === `/workflows/${workflowId}`);
        expect(seen.map((item) => [item.type, item.count]), email).toEqual([["run_failed", 3]]);
      }
      const hanaSees = (await inboxOf(database.db, hana.email)).filter((item) => item.link === `/workflows/${workflowId}`);
      expect(hanaSees.map((item) => item.type)).toEqual(["alert_escalated"]);
      const [event] = await database.db.select().from(alertEvents).where(and(eq(alertEvents.alertId, alert?.id ?? ""), eq(alertEvents.kind, "clients_notified")));
      expect(event?.note).toBe("2 clients already saw the failures as they happened.");
    } finally {
      await database.db.update(users).set({ notificationsMuted: [] }).where(eq(users.id, hana.id));
    }
  });

  it("sends a daily digest instead of single emails to those who chose it", async () => {
    const t0 = new Date("2026-12-07T10:00:00Z");
    await database.db.update(users).set({ alertEmail: "digest" }).where(eq(users.email, "sam@nexus.example.com"));
    const first = await workflowExpecting({ cadenceKind: "interval", intervalMinutes: 30, graceMinutes: 0 }, t0);
    const second = await workflowExpecting({ failureStreak: 1 }, t0);
    await run(second, new Date(t0.getTime() + MINUTE), "failed");
    await evaluateAlerts(database.db, new Date(t0.getTime() + 30 * MINUTE));
    const opened = await database.db.select({ id: alerts.id }).from(alerts).where(inArray(alerts.workflowId, [first, second]));
    expect(opened).toHaveLength(2);
    const mails = await database.db.select().from(devMailbox).where(eq(devMailbox.to, "sam@nexus.example.com"));
    const single = mails.filter((mail) => opened.some((alert) => mail.text.includes(`/admin/alerts/${alert.id}`)));
    expect(single).toHaveLength(0);
    // the next digest day (a user's first digest comes at the first 08:00 UTC after they joined)
    expect(await sendDigests(database.db, new Date(Date.now() + 24 * 60 * MINUTE), "https://nexus.test")).toBeGreaterThanOrEqual(1);
    const [digest] = await database.db.select().from(devMailbox).where(and(eq(devMailbox.to, "sam@nexus.example.com"), sql`${devMailbox.subject} LIKE 'Nexus alerts:%'`));
    expect(digest?.text).toContain("is late");
    expect(digest?.text).toContain("is failing");
    expect(digest?.text).toContain("https://nexus.test/admin/alerts/");
    await database.db.update(users).set({ alertEmail: "email" }).where(eq(users.email, "sam@nexus.example.com"));
  });

  it("lets staff set an expectation through the command, refusing bad cron expressions and zones", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const workflowId = stableId("workflow:acme:Daily capacity report");
    const save = (input: Record<string, string>) =>
      saveExpectation(contextFor(database.db, admin), {
        workflowId,
        cadence: "cron",
        cronExpression: "15 9 * * 1-5",
        timeZone: "Europe/Berlin",
        graceMinutes: "15",
        failureStreak: "3",
        failureRatePercent: "",
        failureRateWindow: "20",
        failureRateMinRuns: "5",
        ...input,
      });
    expect(await save({ cronExpression: "99 9 * * *" })).toMatchObject({ ok: false, status: 400, fieldErrors: { cronExpression: [expect.stringMatching(/cron/)] } });
    expect(await save({ timeZone: "Mars/Olympus" })).toMatchObject({ ok: false, status: 400, fieldErrors: { timeZone: [expect.any(String)] } });
    expect(await save({ failureRateMinRuns: "2" })).toMatchObject({ ok: false, status: 400 });
    const saved = await save({});
    expect(saved).toMatchObject({ ok: true, message: expect.stringMatching(/Alerts when no run has started by .* \(Europe\/Berlin\)/) });
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    expect(
      await saveExpectation(contextFor(database.db, priya), { workflowId, cadence: "none", graceMinutes: "15", failureRateWindow: "20", failureRateMinRuns: "5" }),
    ).toMatchObject({ ok: false, status: 403 });
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.targetId, workflowId), eq(auditLog.action, "workflow.expectation")));
    expect(entry?.changes).toMatchObject({ cronExpression: { from: null, to: "15 9 * * 1-5" } });
  });
});
