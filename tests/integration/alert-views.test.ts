// The alert screens' reads (issue 15, db/queries/alert-views.ts) on both engines: the
// staff list scoped by company with its filters and keyset pages, one alert with its
// timeline and who acted, the dashboard counts, and each workflow's health as a client
// reads it (through the client area's row-level-security scope, with nothing a client may
// not see); and the own alert email preference command.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateOwnNotificationPreferences } from "@/app/(admin)/admin/profile/commands";
import { acknowledgeAlertCommand } from "@/app/(admin)/admin/alerts/commands";
import { countActiveAlerts, findAlert, findWorkflowExpectation, listAlerts, listWorkflowAlerts, listWorkflowHealth } from "@/db/queries/alert-views";
import { appendAlertEvent, insertAlert, resolveAlert, upsertExpectation } from "@/db/queries/alerts";
import { tenantDatabase } from "@/db/tenant";
import { stableId } from "@/db/seed";
import { auditLog, users, type AlertCondition } from "@/db/schema";
import { scopeFor } from "@/lib/authz";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const SHIPMENTS = stableId("workflow:acme:Shipment status sync");
const INVOICES = stableId("workflow:acme:Freight invoice matching");
const CAPACITY = stableId("workflow:acme:Daily capacity report");
const MINUTE = 60_000;

describe.each(engines)("alert views on %s", (engine) => {
  let database: TestDatabase;
  const t0 = new Date("2026-11-02T09:00:00Z");
  const ids: Record<string, string> = {};

  async function open(key: string, companyId: string, workflowId: string, condition: AlertCondition, minutes: number) {
    const at = new Date(t0.getTime() + minutes * MINUTE);
    const id = await insertAlert(database.db, { companyId, workflowId, condition, summary: `${key} summary`, openedAt: at });
    if (!id) throw new Error(`alert ${key} not opened`);
    await appendAlertEvent(database.db, { alertId: id, companyId, at, kind: "opened", note: `${key} summary` });
    ids[key] = id;
  }

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    const copperleafWorkflow = (await database.db.query.workflows.findFirst({ where: (workflow, { eq: is }) => is(workflow.companyId, COPPERLEAF) }))?.id;
    if (!copperleafWorkflow) throw new Error("no Copperleaf workflow");
    // Acme: shipments late (acknowledged below), invoices failing; an old resolved one
    await open("oldLate", ACME, CAPACITY, "late", 0);
    await resolveAlert(database.db, { id: ids.oldLate ?? "", at: new Date(t0.getTime() + 5 * MINUTE) });
    await open("shipmentsLate", ACME, SHIPMENTS, "late", 10);
    await open("invoicesFailing", ACME, INVOICES, "failing", 20);
    await open("copperleafLate", COPPERLEAF, copperleafWorkflow, "late", 30);
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    const acknowledged = await acknowledgeAlertCommand(contextFor(database.db, sam), { alertId: ids.shipmentsLate, note: "Carrier API down, on it" });
    expect(acknowledged).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    await database?.close();
  });

  it("lists the alerts in the viewer's scope, newest first, with filters and keyset pages", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    const all = await listAlerts(database.db, { scope: scopeFor(admin, "alerts.view") });
    expect(all.alerts.map((alert) => alert.id)).toEqual([ids.copperleafLate, ids.invoicesFailing, ids.shipmentsLate, ids.oldLate]);
    expect(all.alerts[2]).toMatchObject({ state: "acknowledged", acknowledgedByName: "Sam Rivera", workflowName: "Shipment status sync", companyName: "Acme Logistics" });

    const samsAlerts = await listAlerts(database.db, { scope: scopeFor(sam, "alerts.view") });
    expect(samsAlerts.alerts.map((alert) => alert.companyId)).not.toContain(COPPERLEAF);
    const priyasAlerts = await listAlerts(database.db, { scope: scopeFor(priya, "alerts.view") });
    expect(priyasAlerts.alerts.map((alert) => alert.id)).toEqual([ids.copperleafLate]);
    // a filter on a company outside the scope finds nothing
    expect((await listAlerts(database.db, { scope: scopeFor(priya, "alerts.view"), filters: { companyId: ACME } })).alerts).toEqual([]);

    const scope = scopeFor(admin, "alerts.view");
    const active = await listAlerts(database.db, { scope, filters: { state: "active", companyId: ACME } });
    expect(active.alerts.map((alert) => alert.id)).toEqual([ids.invoicesFailing, ids.shipmentsLate]);
    const late = await listAlerts(database.db, { scope, filters: { condition: "late", companyId: ACME } });
    expect(late.alerts.map((alert) => alert.id)).toEqual([ids.shipmentsLate, ids.oldLate]);
    expect((await listAlerts(database.db, { scope, filters: { state: "resolved" } })).alerts.map((alert) => alert.id)).toEqual([ids.oldLate]);
    expect((await listAlerts(database.db, { scope, filters: { workflowId: INVOICES } })).alerts.map((alert) => alert.id)).toEqual([ids.invoicesFailing]);

    const first = await listAlerts(database.db, { scope, limit: 3 });
    expect(first.alerts).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listAlerts(database.db, { scope, limit: 3, cursor: first.nextCursor });
    expect(second.alerts.map((alert) => alert.id)).toEqual([ids.oldLate]);
    expect(second.nextCursor).toBeNull();
    // a cursor this module did not make starts from the newest
    expect((await listAlerts(database.db, { scope, limit: 1, cursor: "bogus" })).alerts.map((alert) => alert.id)).toEqual([ids.copperleafLate]);
  });

  it("reads one alert with its timeline and who acted, only within the scope", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    const alert = await findAlert(database.db, { scope: scopeFor(admin, "alerts.view"), id: ids.shipmentsLate ?? "" });
    expect(alert).toMatchObject({ acknowledgeNote: "Carrier API down, on it", acknowledgedByName: "Sam Rivera" });
    expect(alert?.events.map((event) => [event.kind, event.actorName, event.note])).toEqual([
      ["opened", null, "shipmentsLate summary"],
      ["acknowledged", "Sam Rivera", "Carrier API down, on it"],
    ]);
    expect(await findAlert(database.db, { scope: scopeFor(priya, "alerts.view"), id: ids.shipmentsLate ?? "" })).toBeNull();
    expect(await findAlert(database.db, { scope: scopeFor(admin, "alerts.view"), id: "not-a-uuid" })).toBeNull();

    const history = await listWorkflowAlerts(database.db, { scope: scopeFor(admin, "alerts.view"), workflowId: CAPACITY });
    expect(history.map((row) => [row.id, row.state])).toEqual([[ids.oldLate, "resolved"]]);
  });

  it("reads a workflow's saved expectation for the form, only within the scope", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    expect(await findWorkflowExpectation(database.db, { scope: scopeFor(admin, "expectations.manage"), workflowId: CAPACITY })).toBeNull();
    const values = {
      cadenceKind: "cron" as const,
      intervalMinutes: null,
      cronExpression: "0 6 * * 1-5",
      timeZone: "Europe/Berlin",
      graceMinutes: 30,
      failureStreak: 2,
      failureRatePercent: null,
      failureRateWindow: 20,
      failureRateMinRuns: 5,
    };
    await upsertExpectation(database.db, { workflowId: CAPACITY, companyId: ACME, values, updatedById: admin.id, now: t0 });
    expect(await findWorkflowExpectation(database.db, { scope: scopeFor(admin, "expectations.manage"), workflowId: CAPACITY })).toEqual(values);
    expect(await findWorkflowExpectation(database.db, { scope: scopeFor(priya, "expectations.manage"), workflowId: CAPACITY })).toBeNull();
  });

  it("counts the active alerts in scope for the dashboard", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    expect(await countActiveAlerts(database.db, { scope: scopeFor(admin, "alerts.view") })).toEqual({ total: 3, late: 2, failing: 1, unacknowledged: 2 });
    expect(await countActiveAlerts(database.db, { scope: scopeFor(sam, "alerts.view") })).toEqual({ total: 2, late: 1, failing: 1, unacknowledged: 1 });
  });

  it("gives a client each workflow's health through the client area's scope, without staff notes or names", async () => {
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const scope = scopeFor(olivia, "alerts.view");
    // as the client area reads: row-level security scoped to Acme, read-only
    const reads = tenantDatabase(database.db, { kind: "companies", companyIds: olivia.companyIds }, { userId: olivia.id, readOnly: true });
    const health = await listWorkflowHealth(reads, { scope, companyId: ACME });
    const byId = new Map(health.map((item) => [item.workflowId, item]));
    expect(byId.get(SHIPMENTS)).toMatchObject({ state: "late", acknowledged: true });
    expect(byId.get(INVOICES)).toMatchObject({ state: "failing", acknowledged: false });
    expect(byId.get(CAPACITY)).toMatchObject({ state: "healthy", acknowledged: false, active: [], watched: true });
    expect(byId.get(INVOICES)).toMatchObject({ watched: false });
    const keys = new Set(health.flatMap((item) => [...Object.keys(item), ...item.active.flatMap((alert) => Object.keys(alert))]));
    for (const secret of ["acknowledgeNote", "acknowledgedByName", "summary", "note"]) expect(keys).not.toContain(secret);

    // another company's client reads nothing of Acme's
    const daniel = await viewerFor(database.db, "daniel@copperleaf.example.com");
    const theirs = tenantDatabase(database.db, { kind: "companies", companyIds: daniel.companyIds }, { userId: daniel.id, readOnly: true });
    expect(await listWorkflowHealth(theirs, { scope: scopeFor(daniel, "alerts.view"), companyId: ACME })).toEqual([]);
    // only the workflows asked for
    expect((await listWorkflowHealth(reads, { scope, companyId: ACME, workflowIds: [INVOICES] })).map((item) => item.workflowId)).toEqual([INVOICES]);
  });

  it("saves the viewer's own alert email preference (the alerts kind's email), audited, and refuses anything else", async () => {
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const context = contextFor(database.db, olivia);
    const inApp = { run_failures: "on", workflow_changes: "on", credentials: "on", billing: "on", alerts: "on" };
    expect(await updateOwnNotificationPreferences(context, { ...inApp, alerts_email: "digest" })).toMatchObject({ ok: true });
    expect(await updateOwnNotificationPreferences(context, { ...inApp, alerts_email: "digest" })).toMatchObject({ ok: true, message: expect.stringMatching(/Nothing to save/) });
    expect(await updateOwnNotificationPreferences(context, { ...inApp, alerts_email: "sms" })).toMatchObject({ ok: false, status: 400 });
    expect(await updateOwnNotificationPreferences(contextFor(database.db, null), { alerts_email: "off" })).toMatchObject({ ok: false, status: 401 });
    const [row] = await database.db.select({ alertEmail: users.alertEmail }).from(users).where(eq(users.id, olivia.id));
    expect(row?.alertEmail).toBe("digest");
    const entries = await database.db.select({ action: auditLog.action, changes: auditLog.changes }).from(auditLog).where(eq(auditLog.action, "profile.notifications"));
    expect(entries).toEqual([{ action: "profile.notifications", changes: { email: { from: "alerts: immediately", to: "alerts: digest" } } }]);
  });
});
