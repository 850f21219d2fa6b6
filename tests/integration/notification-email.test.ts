// Notification email per kind (issue 22, item 3), on real engines: preferences silence or
// enable email per kind (audited, zod-checked); a burst of failures emails each client who
// chose "at once" once, when the group starts, from the job runner's task and never while
// recording runs; concurrent and retried runs send nothing twice and a run that died before
// its commit loses nothing; the daily digest lists the day's groups (and alerts) once, not
// again on a re-run; no client ever gets another company's notification; migration 0012
// applies to a database deployed before it (after 0010, with 0011 absent).
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateOwnNotificationPreferences } from "@/app/(admin)/admin/profile/commands";
import { runMigrations } from "@/db/migrate";
import { claimImmediateEmail, pendingImmediateEmails } from "@/db/queries/notification-emails";
import { auditLog, devMailbox, notificationEmails, notifications, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { digestSlot, IMMEDIATE_LOOKBACK_MS, sendDigests, sendImmediateNotificationEmails } from "@/lib/notification-email";
import { recordRuns, type RunReport } from "@/lib/record-runs";
import { runDueTasks } from "@/lib/scheduled-tasks";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, createTestDatabase, engines, type TestDatabase } from "../support/databases";
import { migrateUpTo } from "../support/migrations";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const SHIPMENT = stableId("workflow:acme:Shipment status sync");
const INVOICES = stableId("workflow:acme:Freight invoice matching");
const LEADS = stableId("workflow:copperleaf:Lead routing");
const OLIVIA = "olivia@acme.example.com";
const MARCUS = "marcus@acme.example.com";
const HANA = "hana@acme.example.com";
const DANIEL = "daniel@copperleaf.example.com";
const ORIGIN = "https://nexus.test";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let sequence = 0;
function failures(workflowId: string, count: number, errorMessage: string): RunReport[] {
  return Array.from({ length: count }, (_, index) => {
    sequence += 1;
    const at = new Date(Date.now() - (count - index) * 1000);
    return { workflowId, externalId: `email-${sequence}`, status: "failed", startedAt: new Date(at.getTime() - 1000).toISOString(), finishedAt: at.toISOString(), errorMessage };
  });
}

describe.each(engines)("notification email on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];

  const mailTo = async (email: string) => db.select().from(devMailbox).where(eq(devMailbox.to, email)).orderBy(desc(devMailbox.createdAt));
  const choose = async (email: string, input: Record<string, string | undefined>) => {
    const viewer = await viewerFor(db, email);
    return updateOwnNotificationPreferences(contextFor(db, viewer), input);
  };
  // every kind in-app, as a client's form sends them, plus the email choices given
  const everyKindInApp = { run_failures: "on", workflow_changes: "on", credentials: "on", billing: "on", alerts: "on" };

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await db.delete(notifications).where(sql`true`);
    await db.delete(devMailbox).where(sql`true`);
    await db
      .update(users)
      .set({ notificationsMuted: [], notificationsEmailNow: [], notificationsEmailDigest: [], alertEmail: "email", notificationsDigestThrough: sql`now()` })
      .where(sql`true`);
    await db.execute(sql`UPDATE users SET created_at = now() - interval '5 years' WHERE company_id IN (${ACME}, ${COPPERLEAF})`);
  });

  it("emails nobody about failed runs by default, and keeps alerts emailed as before", async () => {
    const [olivia] = await db.select().from(users).where(eq(users.email, OLIVIA));
    expect(olivia).toMatchObject({ notificationsEmailNow: [], notificationsEmailDigest: [], alertEmail: "email" });
    await recordRuns(db, ACME, failures(SHIPMENT, 5, "Carrier API timed out"));
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    expect(await db.select().from(devMailbox)).toHaveLength(0);
  });

  it("saves each kind's email choice through the audited command, and refuses values it does not know", async () => {
    expect(await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "immediately", billing_email: "digest", alerts_email: "off" })).toMatchObject({ ok: true });
    const [saved] = await db.select().from(users).where(eq(users.email, OLIVIA));
    expect(saved).toMatchObject({ notificationsEmailNow: ["run_failures"], notificationsEmailDigest: ["billing"], alertEmail: "in_app", notificationsMuted: [] });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "profile.notifications"), eq(auditLog.targetId, saved?.id ?? ""))).orderBy(desc(auditLog.at)).limit(1);
    expect(JSON.stringify(entry?.changes)).toContain("run_failures: immediately");
    // the same again: nothing to save, nothing audited
    expect(await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "immediately", billing_email: "digest", alerts_email: "off" })).toMatchObject({
      ok: true,
      message: expect.stringMatching(/Nothing to save/),
    });
    // a form without email fields (in-app only) keeps the email choices
    expect(await choose(OLIVIA, { ...everyKindInApp, credentials: undefined })).toMatchObject({ ok: true });
    const [kept] = await db.select().from(users).where(eq(users.email, OLIVIA));
    expect(kept).toMatchObject({ notificationsEmailNow: ["run_failures"], notificationsEmailDigest: ["billing"], notificationsMuted: ["credentials"] });
    expect(await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "weekly" })).toMatchObject({ ok: false, status: 400 });
    expect(await updateOwnNotificationPreferences(contextFor(db, null), { run_failures_email: "off" })).toMatchObject({ ok: false, status: 401 });
    // staff are offered alerts only: a company kind sent by staff changes nothing
    expect(await choose("admin@nexus.example.com", { alerts: "on", alerts_email: "digest", run_failures_email: "immediately" })).toMatchObject({ ok: true });
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@nexus.example.com"));
    expect(admin).toMatchObject({ alertEmail: "digest", notificationsEmailNow: [] });
  });

  it("emails a burst once per client who chose it, when the group starts, from the job and never while recording runs", async () => {
    await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "immediately" });
    await choose(MARCUS, { ...everyKindInApp, run_failures_email: "digest" });
    await choose(HANA, { ...everyKindInApp, run_failures: undefined, run_failures_email: "immediately" });
    // a client of another company who wants every failure at once
    await choose(DANIEL, { ...everyKindInApp, run_failures_email: "immediately" });

    await recordRuns(db, ACME, failures(SHIPMENT, 100, "Carrier API timed out"));
    // recording runs sends nothing and claims nothing: the job does
    expect(await db.select().from(devMailbox)).toHaveLength(0);
    expect(await db.select().from(notificationEmails)).toHaveLength(0);

    // two workers at once, then a retry: one email each
    const [first, second] = await Promise.all([sendImmediateNotificationEmails(db, new Date(), ORIGIN), sendImmediateNotificationEmails(db, new Date(), ORIGIN)]);
    expect((first ?? 0) + (second ?? 0)).toBe(2);
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    const [toOlivia] = await mailTo(OLIVIA);
    expect(await mailTo(OLIVIA)).toHaveLength(1);
    expect(toOlivia?.subject).toContain("Shipment status sync");
    expect(toOlivia?.text).toContain(`${ORIGIN}/workflows/${SHIPMENT}`);
    // in-app off does not mean email off: each choice is its own
    expect(await mailTo(HANA)).toHaveLength(1);
    expect(await mailTo(MARCUS)).toHaveLength(0);
    expect(await mailTo(DANIEL)).toHaveLength(0);

    // the burst goes on: the group grows, nobody is emailed again
    await recordRuns(db, ACME, failures(SHIPMENT, 50, "Carrier API timed out again"));
    const [group] = await db.select({ count: notifications.count }).from(notifications).where(eq(notifications.groupKey, `workflow:${SHIPMENT}`));
    expect(group?.count).toBe(150);
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    expect(await mailTo(OLIVIA)).toHaveLength(1);

    // another workflow is another group: one more email
    await recordRuns(db, ACME, failures(INVOICES, 3, "Invoice PDF unreadable"));
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(2);
    expect((await mailTo(OLIVIA)).map((mail) => mail.subject).join(" | ")).toContain("Freight invoice matching");

    // Copperleaf's failure reaches Daniel only, and his mail names nothing of Acme's
    await recordRuns(db, COPPERLEAF, failures(LEADS, 2, "Portal webhook refused"));
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(1);
    const toDaniel = await mailTo(DANIEL);
    expect(toDaniel).toHaveLength(1);
    expect(toDaniel[0]?.text).not.toMatch(/Shipment|Freight|Acme/);
    expect(await mailTo(OLIVIA)).toHaveLength(2);
    // every ledger row is a user of the notification's own company
    const ledger = await db
      .select({ ledgerCompany: notificationEmails.companyId, userCompany: users.companyId, groupCompany: notifications.companyId })
      .from(notificationEmails)
      .innerJoin(users, eq(users.id, notificationEmails.userId))
      .innerJoin(notifications, eq(notifications.id, notificationEmails.notificationId));
    expect(ledger).toHaveLength(5);
    expect(ledger.every((row) => row.ledgerCompany === row.userCompany && row.userCompany === row.groupCompany)).toBe(true);
  });

  it("silences a kind's email when turned off, and does not mail what happened before it was turned on", async () => {
    await recordRuns(db, ACME, failures(SHIPMENT, 2, "Carrier API timed out"));
    // chosen after the group started: that group is not emailed, the next one is
    await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "immediately" });
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    await recordRuns(db, ACME, failures(INVOICES, 1, "Invoice PDF unreadable"));
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(1);
    // turned off: a new group is not emailed
    await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "off" });
    await db.update(notifications).set({ createdAt: sql`now() - interval '2 hours'` }).where(sql`true`);
    await recordRuns(db, ACME, failures(SHIPMENT, 1, "Carrier API timed out"));
    expect(await db.select().from(notifications)).toHaveLength(3);
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    expect(await mailTo(OLIVIA)).toHaveLength(1);
  });

  it("loses nothing when a run dies before its commit", async () => {
    await choose(OLIVIA, { ...everyKindInApp, run_failures_email: "immediately" });
    await recordRuns(db, ACME, failures(SHIPMENT, 1, "Carrier API timed out"));
    const [pending] = await pendingImmediateEmails(db, { now: new Date(), lookbackMs: IMMEDIATE_LOOKBACK_MS, limit: 10 });
    if (!pending) throw new Error("nothing pending");
    // a worker claims the email and dies before committing
    await expect(
      db.transaction(async (tx) => {
        expect(await claimImmediateEmail(tx, pending)).toBe(true);
        throw new Error("worker killed");
      }),
    ).rejects.toThrow("worker killed");
    expect(await db.select().from(notificationEmails)).toHaveLength(0);
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(1);
    expect(await mailTo(OLIVIA)).toHaveLength(1);
  });

  it("sends one digest a day listing the day's groups and alerts once, not again on a re-run, and nothing of another company", async () => {
    await choose(MARCUS, { ...everyKindInApp, run_failures_email: "digest", workflow_changes_email: "digest", alerts_email: "digest" });
    await choose(DANIEL, { ...everyKindInApp, run_failures_email: "digest" });
    const joined = new Date(Date.now() - DAY);
    await db.update(users).set({ notificationsDigestThrough: joined }).where(sql`${users.email} IN (${MARCUS}, ${DANIEL})`);
    const [marcus] = await db.select({ id: users.id }).from(users).where(eq(users.email, MARCUS));

    await recordRuns(db, ACME, failures(SHIPMENT, 40, "Carrier API timed out"));
    await recordRuns(db, ACME, failures(INVOICES, 2, "Invoice PDF unreadable"));
    // an alert for Marcus (personal row): the same digest, not a second one
    await db.insert(notifications).values({ userId: marcus?.id ?? "", companyId: ACME, type: "alert_escalated", title: "A workflow is late", body: "Dock schedule has not run since 06:00 UTC.", link: "/workflows" });

    // the next digest day, some minutes past its start
    const morning = new Date(digestSlot(new Date()).getTime() + DAY + 5 * MINUTE);
    // immediate emails are not the digest: nothing goes out at once for Marcus
    expect(await sendImmediateNotificationEmails(db, new Date(), ORIGIN)).toBe(0);
    const [sentFirst, sentConcurrently] = await Promise.all([sendDigests(db, morning, ORIGIN), sendDigests(db, morning, ORIGIN)]);
    expect((sentFirst ?? 0) + (sentConcurrently ?? 0)).toBe(1);
    const digests = await mailTo(MARCUS);
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest?.subject).toMatch(/^Nexus digest: 3 updates since/);
    expect(digest?.text).toContain("Shipment status sync failed 40 times since");
    expect(digest?.text).toContain("Last error: Carrier API timed out");
    expect(digest?.text).toContain("Freight invoice matching failed 2 times");
    expect(digest?.text).toContain("A workflow is late");
    expect(digest?.text).toContain(`${ORIGIN}/settings`);
    // Daniel had nothing: no email (and nothing of Acme's)
    expect(await mailTo(DANIEL)).toHaveLength(0);

    // re-runs the same day (a retried job, the next 15-minute run): nothing again
    expect(await sendDigests(db, morning, ORIGIN)).toBe(0);
    expect(await sendDigests(db, new Date(morning.getTime() + 15 * MINUTE), ORIGIN)).toBe(0);
    // the scheduled task itself, ticked that morning
    await runDueTasks(db, { now: new Date(morning.getTime() + 30 * MINUTE), sync: async () => {} });
    expect(await mailTo(MARCUS)).toHaveLength(1);

    // the next day with nothing new: no email; with a group that grew, it is listed again with its new count
    const nextMorning = new Date(morning.getTime() + DAY);
    await db.update(notifications).set({ lastAt: sql`${morning.toISOString()}::timestamptz - interval '1 hour'` }).where(sql`true`);
    expect(await sendDigests(db, nextMorning, ORIGIN)).toBe(0);
    await db.update(notifications).set({ lastAt: sql`${nextMorning.toISOString()}::timestamptz + interval '1 hour'`, count: 41 }).where(eq(notifications.groupKey, `workflow:${SHIPMENT}`));
    const dayAfter = new Date(nextMorning.getTime() + DAY);
    expect(await sendDigests(db, dayAfter, ORIGIN)).toBe(1);
    const [latest] = await mailTo(MARCUS);
    expect(latest?.subject).toMatch(/^Nexus digest: 1 update since/);
    expect(latest?.text).toContain("failed 41 times");
    expect(await mailTo(DANIEL)).toHaveLength(0);
  });
});

describe.each(engines)("migration 0012 on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
    // a database deployed before 0012 (and without 0011, another branch's number): the gap
    // in the journal's indexes does not matter to drizzle's migrator, only the order of `when`
    await migrateUpTo(database.db, 10);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("applies to a database at 0010 and keeps its users' meaning (no email but alerts)", async () => {
    await database.db.execute(sql`INSERT INTO users (email, role, alert_email) VALUES ('staff@example.com', 'admin', 'digest')`);
    await runMigrations(database.url);
    const [row] = await database.db.execute<{ now: string[]; digest: string[]; alert: string; table: boolean }>(sql`
      SELECT notifications_email_now::text[] AS now, notifications_email_digest::text[] AS digest, alert_email::text AS alert,
        to_regclass('public.notification_emails') IS NOT NULL AS table
      FROM users WHERE email = 'staff@example.com'`);
    expect(row).toEqual({ now: [], digest: [], alert: "digest", table: true });
    // alerts never go in the company kinds' lists
    await expect(database.db.execute(sql`UPDATE users SET notifications_email_now = '{alerts}'`)).rejects.toThrow();
  });
});
