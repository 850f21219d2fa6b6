// Notifications people still read (issue 22), on real engines: a burst of failures of one
// workflow is one notification per client user that grows in place; a read notification or
// the window's end starts a new one; preferences silence a kind; no company sees another's;
// ingestion writes one notification row per failure (or per batch) whatever the number of
// users; "mark all read" is one write; keyset pages; retention of read notifications.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markNotificationsRead } from "@/app/(client)/notifications/commands";
import { updateOwnNotificationPreferences } from "@/app/(admin)/admin/profile/commands";
import {
  countUnread,
  listNotifications,
  listNotificationsSince,
  notificationViewer,
  type NotificationItem,
} from "@/db/queries/notifications";
import { notificationReads, notifications, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { tenantDatabase, withTenant } from "@/db/tenant";
import { deleteOldReadNotifications } from "@/lib/notification-retention";
import { notificationHeadline } from "@/lib/notification-kinds";
import { recordRuns, type RunReport } from "@/lib/record-runs";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const SHIPMENT = stableId("workflow:acme:Shipment status sync");
const INVOICES = stableId("workflow:acme:Freight invoice matching");
const ACME_CLIENTS = ["olivia@acme.example.com", "marcus@acme.example.com", "hana@acme.example.com"];

let sequence = 0;
function failure(workflowId: string, errorMessage: string | null, at = new Date()): RunReport {
  sequence += 1;
  const startedAt = new Date(at.getTime() - 1000).toISOString();
  return { workflowId, externalId: `burst-${sequence}`, status: "failed", startedAt, finishedAt: at.toISOString(), errorMessage };
}

describe.each(engines)("notifications on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];

  const inbox = async (email: string, options: { unreadOnly?: boolean; cursor?: string | null; limit?: number } = {}) => {
    const viewer = await viewerFor(db, email);
    // as the client area reads: nexus_app, scoped to the viewer's company and own rows
    const scoped = tenantDatabase(db, { kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id, readOnly: true });
    const state = await notificationViewer(scoped, viewer.id);
    return { items: await listNotifications(scoped, { viewer: state, ...options }), unread: await countUnread(scoped, state) };
  };
  const failuresOf = (items: NotificationItem[], workflowId: string) => items.filter((item) => item.type === "run_failed" && item.link === `/workflows/${workflowId}`);

  // Counts every row written to notifications and notification_reads (a trigger that runs
  // as its owner, so nexus_app's writes count too): the "one write per failure" check.
  const writes = async () => (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM test_notification_writes`))[0]?.n ?? 0;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
    await db.execute(sql`CREATE TABLE test_notification_writes (tbl text NOT NULL, op text NOT NULL)`);
    await db.execute(sql`
      CREATE FUNCTION test_count_notification_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN INSERT INTO test_notification_writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`);
    await db.execute(sql`CREATE TRIGGER count_writes AFTER INSERT OR UPDATE OR DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION test_count_notification_write()`);
    await db.execute(sql`CREATE TRIGGER count_writes AFTER INSERT OR UPDATE OR DELETE ON notification_reads FOR EACH ROW EXECUTE FUNCTION test_count_notification_write()`);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    // each test starts with no notification and everyone subscribed to everything
    await db.delete(notifications).where(sql`true`);
    await db.update(users).set({ notificationsMuted: [], notificationsReadThrough: null }).where(sql`true`);
    await db.update(users).set({ active: sql`${users.email} IN (${sql.join(ACME_CLIENTS.map((email) => sql`${email}`), sql`, `)})` }).where(eq(users.companyId, ACME));
    // company notifications from before a user joined are not theirs: the seeded users
    // joined long ago here, so the history below is theirs
    await db.execute(sql`UPDATE users SET created_at = now() - interval '5 years' WHERE company_id = ${ACME}`);
  });

  it("gives each client user one notification for 500 failures of one workflow within an hour, with the right count and last error", async () => {
    const before = await writes();
    const reports = Array.from({ length: 500 }, (_, index) => failure(SHIPMENT, `Carrier API timed out (#${index + 1})`, new Date(Date.now() - (500 - index) * 1000)));
    // 4 batches of 100 and 100 single reports: both ways in
    for (let index = 0; index < 400; index += 100) expect(await recordRuns(db, ACME, reports.slice(index, index + 100))).toHaveProperty("recorded");
    for (const report of reports.slice(400)) expect(await recordRuns(db, ACME, [report])).toHaveProperty("recorded");
    // one row written per single report, one per batch
    expect((await writes()) - before).toBe(4 + 100);

    for (const email of ACME_CLIENTS) {
      const { items, unread } = await inbox(email);
      const told = failuresOf(items, SHIPMENT);
      expect(told, email).toHaveLength(1);
      expect(told[0]).toMatchObject({ count: 500, body: "Carrier API timed out (#500)", read: false, title: "Shipment status sync failed" });
      expect(notificationHeadline(told[0] as NotificationItem)).toMatch(/^Shipment status sync failed 500 times since \d\d:\d\d UTC$/);
      expect(unread).toBe(1);
    }
    const [stored] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE type = 'run_failed'`);
    expect(stored?.n).toBe(1);
  });

  it("gives two notifications for failures of two workflows, the latest on top", async () => {
    await recordRuns(db, ACME, [failure(SHIPMENT, "first"), failure(SHIPMENT, "second")]);
    await recordRuns(db, ACME, [failure(INVOICES, "ledger locked")]);
    const { items, unread } = await inbox("olivia@acme.example.com");
    expect(items.map((item) => [item.link, item.count, item.body])).toEqual([
      [`/workflows/${INVOICES}`, 1, "ledger locked"],
      [`/workflows/${SHIPMENT}`, 2, "second"],
    ]);
    expect(unread).toBe(2);
    // the older group grows and moves back to the top
    await recordRuns(db, ACME, [failure(SHIPMENT, "third")]);
    expect((await inbox("olivia@acme.example.com")).items.map((item) => [item.link, item.count])).toEqual([
      [`/workflows/${SHIPMENT}`, 3],
      [`/workflows/${INVOICES}`, 1],
    ]);
  });

  it("starts a new notification once the group is read, or once its window has passed", async () => {
    await recordRuns(db, ACME, [failure(SHIPMENT, "a"), failure(SHIPMENT, "b")]);
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    const [group] = failuresOf((await inbox(olivia.email)).items, SHIPMENT);
    if (!group) throw new Error("no group");
    expect(await markNotificationsRead(contextFor(db, olivia), { target: group.id })).toMatchObject({ ok: true, message: "Marked as read." });

    await recordRuns(db, ACME, [failure(SHIPMENT, "c")]);
    const forOlivia = failuresOf((await inbox(olivia.email)).items, SHIPMENT);
    expect(forOlivia.map((item) => [item.count, item.body, item.read])).toEqual([
      [1, "c", false],
      [2, "b", true],
    ]);
    // read state is per user: Marcus has read neither
    expect(failuresOf((await inbox("marcus@acme.example.com")).items, SHIPMENT).map((item) => item.read)).toEqual([false, false]);
    expect((await inbox("marcus@acme.example.com")).unread).toBe(2);

    // the window: a group older than an hour takes no more failures
    await db.execute(sql`UPDATE notifications SET created_at = now() - interval '61 minutes' WHERE type = 'run_failed' AND count = 1`);
    await recordRuns(db, ACME, [failure(SHIPMENT, "d")]);
    expect(failuresOf((await inbox(olivia.email)).items, SHIPMENT).map((item) => [item.count, item.body])).toEqual([
      [1, "d"],
      [1, "c"],
      [2, "b"],
    ]);

    // "mark all read" is the watermark: the open group closes for the next failure too
    const marcus = await viewerFor(db, "marcus@acme.example.com");
    expect(await markNotificationsRead(contextFor(db, marcus), { target: "all" })).toMatchObject({ ok: true });
    expect((await inbox(marcus.email)).unread).toBe(0);
    await recordRuns(db, ACME, [failure(SHIPMENT, "e")]);
    expect(failuresOf((await inbox(marcus.email)).items, SHIPMENT).map((item) => [item.count, item.body, item.read])).toEqual([
      [1, "e", false],
      [1, "d", true],
      [1, "c", true],
      [2, "b", true],
    ]);
  });

  it("lets a user silence a kind, for them only", async () => {
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    // every box but failed runs: they are muted
    const saved = await updateOwnNotificationPreferences(contextFor(db, olivia), { workflow_changes: "on", credentials: "on", billing: "on", alerts: "on" });
    expect(saved).toMatchObject({ ok: true });
    const [row] = await db.select({ muted: users.notificationsMuted }).from(users).where(eq(users.id, olivia.id));
    expect(row?.muted).toEqual(["run_failures"]);

    await recordRuns(db, ACME, [failure(SHIPMENT, "boom")]);
    expect(await inbox(olivia.email)).toEqual({ items: [], unread: 0 });
    const state = await notificationViewer(db, olivia.id);
    expect(await listNotificationsSince(db, { viewer: state, since: new Date(Date.now() - 60_000) })).toEqual([]);
    expect((await inbox("marcus@acme.example.com")).unread).toBe(1);

    // ticking it again brings the kind back
    await updateOwnNotificationPreferences(contextFor(db, olivia), { run_failures: "on", workflow_changes: "on", credentials: "on", billing: "on", alerts: "on" });
    expect((await inbox(olivia.email)).unread).toBe(1);
  });

  it("never shows a user another company's notification, nor lets them read or mark it", async () => {
    await recordRuns(db, ACME, [failure(SHIPMENT, "acme only")]);
    const daniel = await viewerFor(db, "daniel@copperleaf.example.com");
    expect((await inbox(daniel.email)).items.filter((item) => item.body === "acme only")).toEqual([]);

    const [acmeGroup] = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.companyId, ACME));
    if (!acmeGroup) throw new Error("no group");
    // through the command: the id is ignored
    expect(await markNotificationsRead(contextFor(db, daniel), { target: acmeGroup.id })).toMatchObject({ ok: true, message: "0 notifications marked as read." });
    expect(await db.select().from(notificationReads).where(eq(notificationReads.notificationId, acmeGroup.id))).toEqual([]);
    // and row-level security, if a query forgot its filter: Copperleaf's scope sees none of Acme's rows
    const copperleaf = { kind: "companies", companyIds: [COPPERLEAF] } as const;
    const seen = await withTenant(db, copperleaf, (tx) => tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.companyId, ACME)), { userId: daniel.id });
    expect(seen).toEqual([]);
    await expect(
      withTenant(db, copperleaf, (tx) => tx.insert(notificationReads).values({ notificationId: acmeGroup.id, userId: daniel.id, companyId: ACME }), { userId: daniel.id }),
    ).rejects.toThrow();
    await expect(
      withTenant(db, copperleaf, (tx) => tx.insert(notifications).values({ companyId: ACME, type: "run_failed", title: "planted" }), { userId: daniel.id }),
    ).rejects.toThrow();
    // a group of Copperleaf's own is written under its scope, and never reaches Acme's clients
    await withTenant(db, copperleaf, (tx) => tx.insert(notifications).values({ companyId: COPPERLEAF, type: "run_failed", title: "copperleaf's" }));
    for (const email of ACME_CLIENTS) expect((await inbox(email)).items.map((item) => item.title)).not.toContain("copperleaf's");
  });

  it("writes one notification row per failure whatever the number of users (1 user, then 10)", async () => {
    // one active client
    await db.update(users).set({ active: false }).where(and(eq(users.companyId, ACME), inArray(users.email, ACME_CLIENTS.slice(1))));
    let before = await writes();
    for (let index = 0; index < 20; index += 1) await recordRuns(db, ACME, [failure(SHIPMENT, `one user #${index}`)]);
    const withOne = (await writes()) - before;

    // ten active clients
    await db.update(users).set({ active: true }).where(eq(users.companyId, ACME));
    await db.insert(users).values(
      Array.from({ length: 7 }, (_, index) => ({ email: `extra-${engine}-${index}-${Date.now()}@acme.example.com`, role: "client" as const, companyId: ACME })),
    );
    const [active] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE company_id = ${ACME} AND role = 'client' AND active`);
    expect(active?.n).toBe(10);
    before = await writes();
    for (let index = 0; index < 20; index += 1) await recordRuns(db, ACME, [failure(INVOICES, `ten users #${index}`)]);
    const withTen = (await writes()) - before;

    expect(withOne).toBe(20);
    expect(withTen).toBe(20);
    // and a batch of 50 failures is one write
    before = await writes();
    await recordRuns(db, ACME, Array.from({ length: 50 }, (_, index) => failure(INVOICES, `batch #${index}`)));
    expect((await writes()) - before).toBe(1);
    const [rows] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE company_id = ${ACME}`);
    expect(rows?.n).toBe(2);
    // users are never deleted (the audit log keeps their id): the extras leave the company's active clients
    await db.update(users).set({ active: false }).where(sql`${users.email} LIKE ${`extra-${engine}-%`}`);
  });

  it("marks all read with one write, and pages years of history by keyset", async () => {
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    // 130 notifications over three years: most of the company, some Olivia's own
    await db.execute(sql`
      INSERT INTO notifications (company_id, user_id, type, title, created_at, last_at)
      SELECT ${ACME}::uuid, CASE WHEN i % 7 < 3 THEN ${olivia.id}::uuid END, 'invoice_issued', 'Old news ' || i,
             now() - i * interval '8 days', now() - i * interval '8 days'
      FROM generate_series(1, 130) AS i`);
    expect((await inbox(olivia.email)).unread).toBe(130);

    const before = await writes();
    expect(await markNotificationsRead(contextFor(db, olivia), { target: "all" })).toMatchObject({ ok: true, message: "130 notifications marked as read." });
    expect((await writes()) - before).toBe(0);
    expect((await inbox(olivia.email)).unread).toBe(0);
    const companyWide = Array.from({ length: 130 }, (_, index) => index + 1).filter((i) => i % 7 >= 3).length;
    expect((await inbox("marcus@acme.example.com")).unread).toBe(companyWide);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const { items } = await inbox(olivia.email, { cursor, limit: 50 });
      seen.push(...items.map((item) => item.title));
      if (items.length < 50) break;
      cursor = items.at(-1)?.cursor ?? null;
    }
    expect(seen).toEqual(Array.from({ length: 130 }, (_, index) => `Old news ${index + 1}`));
  });

  it("deletes read notifications past the retention period, and keeps unread ones", async () => {
    const olivia = await viewerFor(db, "olivia@acme.example.com");
    const old = sql`now() - interval '400 days'`;
    await db.execute(sql`
      INSERT INTO notifications (company_id, user_id, type, title, read_at, created_at, last_at) VALUES
        (${ACME}, ${olivia.id}, 'account_changed', 'read personal', now() - interval '300 days', ${old}, ${old}),
        (${ACME}, ${olivia.id}, 'account_changed', 'unread personal', NULL, ${old}, ${old}),
        (${ACME}, NULL, 'invoice_issued', 'read by all', NULL, ${old}, ${old}),
        (${ACME}, NULL, 'invoice_issued', 'read by some', NULL, ${old}, ${old}),
        (${ACME}, NULL, 'invoice_issued', 'recent', NULL, now(), now())`);
    const id = async (title: string) => (await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.title, title)))[0]?.id ?? "";
    for (const email of ACME_CLIENTS) {
      const viewer = await viewerFor(db, email);
      await markNotificationsRead(contextFor(db, viewer), { target: await id("read by all") });
      if (email !== "hana@acme.example.com") await markNotificationsRead(contextFor(db, viewer), { target: await id("read by some") });
      await markNotificationsRead(contextFor(db, viewer), { target: await id("recent") });
    }
    expect(await deleteOldReadNotifications(db, new Date())).toBe(2);
    const left = await db.select({ title: notifications.title }).from(notifications).where(eq(notifications.companyId, ACME));
    expect(left.map((row) => row.title).sort()).toEqual(["read by some", "recent", "unread personal"]);
  });
});
