// Billing (issue 7): plans, usage, invoices, overdue notices and revenue through the
// commands the forms call and the queries the pages read, on real engines. Amounts are
// checked against the formula of PRODUCT.md §4 applied to RAW runs, not the rollups.
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  issueInvoices,
  recordPayment,
  setPlanActive,
  updatePlan,
  voidInvoice,
} from "@/app/(admin)/admin/billing/commands";
import { createDb } from "@/db/client";
import {
  findInvoice,
  getMonthlyRecurringRevenue,
  getRevenueThisMonth,
  INVOICE_PAYMENT_DAYS,
  invoiceNumber,
  listInvoices,
  listMonthlyRevenue,
  listUsage,
} from "@/db/queries/billing";
import { listPlans } from "@/db/queries/plans";
import { auditLog, companies, invoices, notifications, plans, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { seedBilling } from "@/db/seed-billing";
import type { CompanyScope } from "@/lib/authz";
import { addMonths, invoiceAmounts, monthOf, planIdInForce, type PlanPeriod } from "@/lib/billing";
import { notifyOverdueInvoices } from "@/lib/billing-overdue";
import { contextFor, viewerFor } from "../support/context";
import { inboxOf } from "../support/notifications";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { ALWAYS, planHistories, planHistoryOf, setPlanHistory } from "../support/plans";

// The seed's clock: runs cover the 90 days before it, and invoices the three months
// before the last ended month (July, August, September 2026); October is left to issue.
const NOW = new Date("2026-11-20T15:30:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

const ADMIN = "admin@nexus.example.com";
const SAM = "sam@nexus.example.com";
const OLIVIA = "olivia@acme.example.com";

const ACME = stableId("company:acme");
const BRIGHTSIDE = stableId("company:brightside");
const COPPERLEAF = stableId("company:copperleaf");
const ADMIN_ID = stableId("user:admin");
const STARTER = stableId("plan:starter");
const GROWTH = stableId("plan:growth");
const SCALE = stableId("plan:scale");
const ALL: CompanyScope = { kind: "all" };

describe.each(engines)("billing on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];
  let counter = 0;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });

  const as = async (email: string) => contextFor(db, await viewerFor(db, email));

  async function auditCount(): Promise<number> {
    const [row] = await db.select({ total: count() }).from(auditLog);
    return row?.total ?? 0;
  }

  async function invoiceRow(id: string) {
    const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
    if (!row) throw new Error(`no invoice ${id}`);
    return row;
  }

  /** A company of this test's own, written directly; returns its id. */
  async function newCompany(
    fields: Partial<typeof companies.$inferInsert> = {},
    clients: { active: boolean }[] = [],
    history: PlanPeriod[] = [{ fromMonth: ALWAYS, planId: GROWTH }],
  ): Promise<string> {
    counter += 1;
    const id = stableId(`billing-test:${engine}:company:${counter}`);
    await db.insert(companies).values({ id, name: `Billing Test ${engine} ${counter}`, industry: "Testing", ...fields });
    await setPlanHistory(db, id, history);
    if (clients.length > 0) {
      await db.insert(users).values(
        clients.map((client, index) => ({
          email: `billing-${engine}-${counter}-${index}@client.example.com`,
          role: "client" as const,
          companyId: id,
          active: client.active,
        })),
      );
    }
    return id;
  }

  /** An invoice written directly for a company of the test's own. */
  async function newInvoice(fields: Partial<typeof invoices.$inferInsert> = {}): Promise<string> {
    const companyId = fields.companyId ?? (await newCompany());
    const month = fields.month ?? "2026-01-01";
    const issuedAt = new Date(Date.now() - 2 * DAY_MS);
    const [row] = await db
      .insert(invoices)
      .values({
        number: invoiceNumber(month, companyId),
        companyId,
        planId: GROWTH,
        month,
        status: "open",
        currency: "USD",
        ...invoiceAmounts({ basePriceCents: 149_000, includedRuns: 10_000, overagePriceCents: 3 }, 12_000),
        issuedAt,
        dueAt: new Date(issuedAt.getTime() + INVOICE_PAYMENT_DAYS * DAY_MS),
        ...fields,
      })
      .returning({ id: invoices.id });
    if (!row) throw new Error("no invoice inserted");
    return row.id;
  }

  /** Billable runs of a company in a month, counted from RAW runs. */
  async function rawBillableRuns(companyId: string, month: string): Promise<number> {
    const [row] = await db.execute<{ total: string }>(sql`
      SELECT count(*) AS total FROM workflow_executions
      WHERE company_id = ${companyId} AND status IN ('succeeded', 'failed')
        AND started_at >= ${month}::date::timestamp AT TIME ZONE 'UTC'
        AND started_at < ${addMonths(month, 1)}::date::timestamp AT TIME ZONE 'UTC'
    `);
    return Number(row?.total ?? 0);
  }

  /** What the month's invoice of a company must come to: its plan in force and raw runs. */
  async function expectedInvoice(companyId: string, month: string) {
    const planId = planIdInForce(await planHistoryOf(db, companyId), month);
    if (!planId) throw new Error(`no plan in force for ${companyId}`);
    const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
    if (!plan) throw new Error(`no plan ${planId}`);
    return { planId, currency: plan.currency, ...invoiceAmounts(plan, await rawBillableRuns(companyId, month)) };
  }

  /** Companies that must be invoiced for a month: not archived, with a plan in force. */
  async function billableCompanyIds(month: string): Promise<string[]> {
    const rows = await db.select().from(companies);
    const histories = await planHistories(db);
    return rows
      .filter((row) => row.archivedAt === null && row.status !== "archived" && planIdInForce(histories.get(row.id) ?? [], month) !== null)
      .map((row) => row.id)
      .sort();
  }

  async function invoicesFor(month: string) {
    return db.select().from(invoices).where(eq(invoices.month, month));
  }

  it("seeds three months of invoices from the rollups, leaving the last ended month to issue", async () => {
    const seeded = await db.execute<{ month: string; status: string; total: string }>(sql`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, status, count(*) AS total FROM invoices GROUP BY 1, 2 ORDER BY 1, 2
    `);
    expect(seeded.map((row) => ({ ...row, total: Number(row.total) }))).toEqual([
      { month: "2026-07-01", status: "paid", total: 6 },
      { month: "2026-08-01", status: "paid", total: 6 },
      { month: "2026-09-01", status: "open", total: 6 },
    ]);
    expect(await invoicesFor("2026-10-01")).toEqual([]);

    // September's amounts match the formula over raw runs, and Brightside's is overdue
    for (const invoice of await invoicesFor("2026-09-01")) {
      expect(invoice).toMatchObject(await expectedInvoice(invoice.companyId, "2026-09-01"));
      expect(invoice.number).toBe(invoiceNumber("2026-09-01", invoice.companyId));
      const overdue = (invoice.dueAt?.getTime() ?? Infinity) < NOW.getTime();
      expect(overdue, invoice.companyId).toBe(invoice.companyId === BRIGHTSIDE);
    }
    // paid ones carry a mock payment
    for (const invoice of await invoicesFor("2026-08-01")) {
      expect(invoice.paidAt).toBeInstanceOf(Date);
      expect(invoice.paymentReference).toBe(`MOCK-${invoice.number}`);
    }

    // seeding again writes nothing new
    const [before] = await db.select({ total: count() }).from(invoices).where(inArray(invoices.companyId, [ACME, BRIGHTSIDE]));
    await seedBilling(db, { now: NOW });
    expect(await db.select({ total: count() }).from(invoices).where(inArray(invoices.companyId, [ACME, BRIGHTSIDE]))).toEqual([
      before,
    ]);
  });

  it("issues an ended month once per company, on the plan in force, with amounts from raw runs", async () => {
    const month = "2026-10-01";
    // a change dated from October bills October on the new plan; one from November does not
    const early = await newCompany({}, [], [{ fromMonth: ALWAYS, planId: GROWTH }, { fromMonth: "2026-10-01", planId: SCALE }]);
    const late = await newCompany({}, [], [{ fromMonth: ALWAYS, planId: GROWTH }, { fromMonth: "2026-11-01", planId: STARTER }]);
    const archived = await newCompany({ status: "archived", archivedAt: new Date() });
    const planless = await newCompany({}, [], []);
    const expectedIds = await billableCompanyIds(month);
    expect(expectedIds).toEqual(expect.arrayContaining([ACME, early, late]));
    expect(expectedIds).not.toContain(archived);
    expect(expectedIds).not.toContain(planless);

    const admin = await as(ADMIN);
    const auditsBefore = await auditCount();
    const before = Date.now();
    const first = await issueInvoices(admin, { month: "2026-10" });
    expect(first).toMatchObject({ ok: true, data: { issued: expectedIds.length, existing: 0 } });

    // twice: nothing new
    const second = await issueInvoices(admin, { month: "2026-10" });
    expect(second).toMatchObject({ ok: true, data: { issued: 0, existing: expectedIds.length } });
    expect(second.ok && second.message).toMatch(/No new invoices/);

    const issued = await invoicesFor(month);
    expect(issued.map((invoice) => invoice.companyId).sort()).toEqual(expectedIds);
    for (const invoice of issued) {
      expect(invoice, invoice.companyId).toMatchObject({
        ...(await expectedInvoice(invoice.companyId, month)),
        status: "open",
        number: invoiceNumber(month, invoice.companyId),
      });
      expect(invoice.issuedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect((invoice.dueAt?.getTime() ?? 0) - (invoice.issuedAt?.getTime() ?? 0)).toBe(INVOICE_PAYMENT_DAYS * DAY_MS);
    }
    expect(issued.find((invoice) => invoice.companyId === early)?.planId).toBe(SCALE);
    expect(issued.find((invoice) => invoice.companyId === late)?.planId).toBe(GROWTH);
    // Acme ran well past nothing: its invoice is its real usage
    expect(issued.find((invoice) => invoice.companyId === ACME)?.billableRuns).toBeGreaterThan(0);

    // one audit entry per invoice, by the admin
    expect(await auditCount()).toBe(auditsBefore + expectedIds.length);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "invoice.issue"), inArray(auditLog.targetId, issued.map((invoice) => invoice.id))));
    expect(entries).toHaveLength(expectedIds.length);
    const acmeInvoice = issued.find((invoice) => invoice.companyId === ACME);
    expect(entries.find((entry) => entry.targetId === acmeInvoice?.id)).toMatchObject({
      actorId: ADMIN_ID,
      companyId: ACME,
      targetType: "invoice",
    });

    // one company notification, whatever the number of clients: Acme's three active clients each see it once
    const notified = await db
      .select({ userId: notifications.userId, companyId: notifications.companyId })
      .from(notifications)
      .where(and(eq(notifications.type, "invoice_issued"), eq(notifications.link, `/billing/invoices/${acmeInvoice?.id}`)));
    expect(notified).toEqual([{ userId: null, companyId: ACME }]);
    const acmeClients = await db.select({ email: users.email }).from(users).where(and(eq(users.companyId, ACME), eq(users.role, "client"), eq(users.active, true)));
    expect(acmeClients).toHaveLength(3);
    for (const { email } of acmeClients) {
      expect((await inboxOf(db, email)).filter((item) => item.link === `/billing/invoices/${acmeInvoice?.id}`), email).toHaveLength(1);
    }
  });

  it("refuses to issue the current or a future month, writing nothing", async () => {
    const admin = await as(ADMIN);
    const current = monthOf(new Date());
    for (const month of [current, addMonths(current, 1)]) {
      const auditsBefore = await auditCount();
      const result = await issueInvoices(admin, { month: month.slice(0, 7) });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { month: [expect.stringMatching(/has not ended/)] } });
      expect(await invoicesFor(month)).toEqual([]);
      expect(await auditCount()).toBe(auditsBefore);
    }
    expect(await issueInvoices(admin, { month: "October" })).toMatchObject({ ok: false, status: 400 });
  });

  it("issues one invoice per company when two requests issue the same month at once", async () => {
    const month = "2026-06-01";
    const expectedIds = await billableCompanyIds(month);
    const first = createDb(database.url, { max: 2 });
    const second = createDb(database.url, { max: 2 });
    try {
      const admin = await viewerFor(db, ADMIN);
      const meta = { ip: "127.0.0.1", userAgent: "vitest" };
      const results = await Promise.all([
        issueInvoices({ db: first.db, viewer: admin, meta }, { month: "2026-06" }),
        issueInvoices({ db: second.db, viewer: admin, meta }, { month: "2026-06" }),
      ]);
      for (const result of results) expect(result).toMatchObject({ ok: true });
      const issuedCounts = results.map((result) => (result.ok ? (result.data?.issued ?? 0) : 0));
      expect(issuedCounts.reduce((sum, value) => sum + value, 0)).toBe(expectedIds.length);
    } finally {
      await first.client.end();
      await second.client.end();
    }
    const issued = await invoicesFor(month);
    expect(issued.map((invoice) => invoice.companyId).sort()).toEqual(expectedIds);
    const [audits] = await db
      .select({ total: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "invoice.issue"), inArray(auditLog.targetId, issued.map((invoice) => invoice.id))));
    expect(audits?.total).toBe(expectedIds.length);
  });

  it("answers 403 to an SE or a client calling any billing write, changing nothing", async () => {
    const openInvoice = await newInvoice({ companyId: ACME, month: "2025-12-01" });
    const snapshot = async () => ({
      plans: await db.select().from(plans).orderBy(plans.id),
      invoices: await db.select().from(invoices).orderBy(invoices.id),
      audits: await auditCount(),
      notifications: (await db.select({ total: count() }).from(notifications))[0]?.total,
    });
    for (const email of [SAM, OLIVIA]) {
      const context = await as(email);
      const before = await snapshot();
      const calls = [
        () => createPlan(context, { name: "Sneaky", basePrice: "1.00", includedRuns: "1", overagePrice: "0.01" }),
        () => updatePlan(context, { id: STARTER, name: "Starter", basePrice: "0.00", includedRuns: "999999", overagePrice: "0" }),
        () => setPlanActive(context, { id: STARTER, active: "false" }),
        () => issueInvoices(context, { month: "2026-05" }),
        // Acme is Sam's own company and Olivia's: still refused
        () => recordPayment(context, { id: openInvoice, method: "cash", reference: "R-1" }),
        () => voidInvoice(context, { id: openInvoice, reason: "Because" }),
      ];
      for (const call of calls) expect(await call(), email).toMatchObject({ ok: false, status: 403 });
      expect(await snapshot()).toEqual(before);
    }
    expect(await invoicesFor("2026-05-01")).toEqual([]);
  });

  it("records a payment once, and answers 409 to paying or voiding a paid invoice", async () => {
    const admin = await as(ADMIN);
    const id = await newInvoice();
    const result = await recordPayment(admin, { id, method: "bank_transfer", reference: "  TRX-2026-0042 " });
    expect(result).toMatchObject({ ok: true });
    const paid = await invoiceRow(id);
    expect(paid).toMatchObject({ status: "paid", paymentMethod: "bank_transfer", paymentReference: "TRX-2026-0042" });
    expect(paid.paidAt).toBeInstanceOf(Date);
    const [entry, ...others] = await db.select().from(auditLog).where(and(eq(auditLog.action, "invoice.pay"), eq(auditLog.targetId, id)));
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ actorId: ADMIN_ID, targetType: "invoice", companyId: paid.companyId });
    expect(entry?.changes).toMatchObject({
      status: { from: "open", to: "paid" },
      paymentMethod: { from: null, to: "bank_transfer" },
      paymentReference: { from: null, to: "TRX-2026-0042" },
    });

    const auditsBefore = await auditCount();
    const again = await recordPayment(admin, { id, method: "card", reference: "TWICE" });
    expect(again).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/already paid/) });
    expect(await voidInvoice(admin, { id, reason: "Too late" })).toMatchObject({ ok: false, status: 409 });
    expect(await invoiceRow(id)).toEqual(paid);
    expect(await auditCount()).toBe(auditsBefore);

    // a payment needs a method from the list and a reference
    const other = await newInvoice();
    for (const input of [{ method: "bitcoin", reference: "X" }, { method: "cash", reference: "   " }, { method: "cash" }]) {
      expect(await recordPayment(admin, { id: other, ...input })).toMatchObject({ ok: false, status: 400 });
    }
    expect((await invoiceRow(other)).status).toBe("open");
  });

  it("voids an open or draft invoice only with a reason, and never a void one", async () => {
    const admin = await as(ADMIN);
    const id = await newInvoice();
    const before = await invoiceRow(id);
    const auditsBefore = await auditCount();
    for (const reason of ["", "   "]) {
      const result = await voidInvoice(admin, { id, reason });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { reason: [expect.any(String)] } });
    }
    expect(await voidInvoice(admin, { id })).toMatchObject({ ok: false, status: 400 });
    expect(await invoiceRow(id)).toEqual(before);
    expect(await auditCount()).toBe(auditsBefore);

    expect(await voidInvoice(admin, { id, reason: " Billed on the wrong plan " })).toMatchObject({ ok: true });
    const voided = await invoiceRow(id);
    expect(voided).toMatchObject({ status: "void", voidReason: "Billed on the wrong plan" });
    expect(voided.voidedAt).toBeInstanceOf(Date);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "invoice.void"), eq(auditLog.targetId, id)));
    expect(entry?.changes).toMatchObject({ status: { from: "open", to: "void" }, voidReason: { from: null, to: "Billed on the wrong plan" } });

    expect(await voidInvoice(admin, { id, reason: "Again" })).toMatchObject({ ok: false, status: 409 });
    expect(await recordPayment(admin, { id, method: "cash", reference: "R" })).toMatchObject({ ok: false, status: 409 });
    expect(await invoiceRow(id)).toEqual(voided);

    // a draft cannot be paid, but can be voided
    const draft = await newInvoice({ status: "draft", issuedAt: null, dueAt: null });
    expect(await recordPayment(admin, { id: draft, method: "cash", reference: "R" })).toMatchObject({ ok: false, status: 409 });
    expect(await voidInvoice(admin, { id: draft, reason: "Never sent" })).toMatchObject({ ok: true });

    // an unknown invoice gets the same 403 as one out of reach
    expect(await voidInvoice(admin, { id: stableId("invoice:none"), reason: "x" })).toMatchObject({ ok: false, status: 403 });
  });

  it("notifies each client of an overdue invoice exactly once, however often the check runs", async () => {
    const companyId = await newCompany({}, [{ active: true }, { active: true }, { active: false }]);
    const past = new Date(Date.now() - 20 * DAY_MS);
    const overdue = await newInvoice({ companyId, month: "2026-02-01", issuedAt: past, dueAt: new Date(past.getTime() + INVOICE_PAYMENT_DAYS * DAY_MS) });
    const notDue = await newInvoice({ companyId, month: "2026-03-01" });
    const paidLate = await newInvoice({ companyId, month: "2026-04-01", status: "paid", paidAt: new Date(), dueAt: past });

    await notifyOverdueInvoices(db);
    await notifyOverdueInvoices(db);
    // and concurrently, on two connections
    const first = createDb(database.url, { max: 1 });
    const second = createDb(database.url, { max: 1 });
    try {
      await Promise.all([notifyOverdueInvoices(first.db), notifyOverdueInvoices(second.db)]);
    } finally {
      await first.client.end();
      await second.client.end();
    }
    await notifyOverdueInvoices(db, new Date(Date.now() + DAY_MS));

    const sent = await db
      .select({ link: notifications.link, userId: notifications.userId, count: notifications.count })
      .from(notifications)
      .where(and(eq(notifications.type, "invoice_overdue"), eq(notifications.companyId, companyId)));
    // one notice for the company's clients (one row, whatever their number); nothing for the
    // invoice not yet due or the paid one
    expect(sent).toEqual([{ link: `/billing/invoices/${overdue}`, userId: null, count: 1 }]);
    expect((await invoiceRow(overdue)).overdueNotifiedAt).toBeInstanceOf(Date);
    expect((await invoiceRow(notDue)).overdueNotifiedAt).toBeNull();
    expect((await invoiceRow(paidLate)).overdueNotifiedAt).toBeNull();

    // shown as overdue in the lists, and found by the overdue filter, not the open one
    const scope: CompanyScope = { kind: "companies", companyIds: [companyId] };
    const listed = await listInvoices(db, { scope, now: new Date() });
    expect(listed.invoices.find((invoice) => invoice.id === overdue)?.state).toBe("overdue");
    expect(listed.invoices.find((invoice) => invoice.id === notDue)?.state).toBe("open");
    expect((await listInvoices(db, { scope, now: new Date(), state: "overdue" })).invoices.map((invoice) => invoice.id)).toEqual([overdue]);
    expect((await listInvoices(db, { scope, now: new Date(), state: "open" })).invoices.map((invoice) => invoice.id)).toEqual([notDue]);
  });

  it("charts monthly revenue that equals the paid and open invoice totals per month", async () => {
    const revenue = await listMonthlyRevenue(db, { scope: ALL, now: NOW, currency: "USD" });
    expect(revenue.map((entry) => entry.month)).toEqual(
      Array.from({ length: 12 }, (_, index) => addMonths("2025-11-01", index)),
    );
    const rows = await db.execute<{ month: string; paid: string; open: string }>(sql`
      SELECT to_char(month, 'YYYY-MM-DD') AS month,
        sum(total_cents) FILTER (WHERE status = 'paid') AS paid,
        sum(total_cents) FILTER (WHERE status = 'open') AS open
      FROM invoices WHERE currency = 'USD' GROUP BY 1
    `);
    const expected = new Map(rows.map((row) => [row.month, { paid: Number(row.paid ?? 0), open: Number(row.open ?? 0) }]));
    for (const entry of revenue) {
      expect(entry.paidCents, entry.month).toBe(expected.get(entry.month)?.paid ?? 0);
      expect(entry.outstandingCents, entry.month).toBe(expected.get(entry.month)?.open ?? 0);
    }
    expect(revenue.find((entry) => entry.month === "2026-08-01")?.paidCents).toBeGreaterThan(0);

    // an SE's chart counts only their companies
    const sam = await viewerFor(db, SAM);
    const samScope: CompanyScope = { kind: "companies", companyIds: sam.companyIds };
    const samRevenue = await listMonthlyRevenue(db, { scope: samScope, now: NOW, currency: "USD" });
    const [samAugust] = await db.execute<{ paid: string }>(sql`
      SELECT coalesce(sum(total_cents), 0) AS paid FROM invoices
      WHERE status = 'paid' AND month = '2026-08-01' AND company_id IN ${sam.companyIds}
    `);
    expect(samRevenue.find((entry) => entry.month === "2026-08-01")?.paidCents).toBe(Number(samAugust?.paid));

    // revenue this month: invoices paid during the month, by paidAt
    const paidAt = new Date("2026-11-10T12:00:00Z");
    const paidThisMonth = await newInvoice({ month: "2025-10-01", status: "paid", paidAt });
    const thisMonth = await getRevenueThisMonth(db, { scope: ALL, now: NOW });
    const [sum] = await db.execute<{ total: string; invoices: string }>(sql`
      SELECT coalesce(sum(total_cents), 0) AS total, count(*) AS invoices FROM invoices
      WHERE status = 'paid' AND paid_at >= '2026-11-01T00:00:00Z' AND paid_at < '2026-12-01T00:00:00Z'
    `);
    expect(thisMonth).toEqual({ totalCents: Number(sum?.total), currency: "USD", invoiceCount: Number(sum?.invoices) });
    expect(thisMonth.totalCents).toBeGreaterThanOrEqual((await invoiceRow(paidThisMonth)).totalCents);
    expect(await getRevenueThisMonth(db, { scope: { kind: "companies", companyIds: [] }, now: NOW })).toMatchObject({ totalCents: 0 });

    // MRR: base prices of the plans in force this month, companies not archived
    const mrr = await getMonthlyRecurringRevenue(db, { scope: ALL, now: NOW });
    const billed = await db.select().from(companies);
    const histories = await planHistories(db);
    const planPrices = new Map((await db.select().from(plans)).map((plan) => [plan.id, plan.basePriceCents]));
    const expectedMrr = billed
      .filter((row) => row.archivedAt === null && row.status !== "archived")
      .map((row) => planIdInForce(histories.get(row.id) ?? [], "2026-11-01"))
      .reduce((sum, planId) => sum + (planId ? (planPrices.get(planId) ?? 0) : 0), 0);
    expect(mrr.mrrCents).toBe(expectedMrr);
  });

  it("scopes usage and invoice reads: an SE sees their companies, a client their own", async () => {
    const sam = await viewerFor(db, SAM);
    const samScope: CompanyScope = { kind: "companies", companyIds: sam.companyIds };
    const usage = await listUsage(db, { scope: samScope, month: "2026-09-01", now: NOW });
    expect(usage.map((row) => row.companyId).sort()).toEqual([...sam.companyIds].sort());
    // the usage figure is the raw-run count, and the month's invoice is attached
    const acme = usage.find((row) => row.companyId === ACME);
    expect(acme?.billableRuns).toBe(await rawBillableRuns(ACME, "2026-09-01"));
    expect(acme?.invoice?.number).toBe(invoiceNumber("2026-09-01", ACME));
    expect(acme?.amounts?.totalCents).toBe(acme?.invoice?.totalCents);

    const samInvoices = await listInvoices(db, { scope: samScope, now: NOW, pageSize: 100 });
    expect(samInvoices.invoices.length).toBeGreaterThan(0);
    expect(samInvoices.invoices.every((invoice) => sam.companyIds.includes(invoice.companyId))).toBe(true);
    const [copperleafInvoice] = await db.select().from(invoices).where(eq(invoices.companyId, COPPERLEAF)).limit(1);
    if (!copperleafInvoice) throw new Error("no Copperleaf invoice");
    expect(await findInvoice(db, { scope: samScope, id: copperleafInvoice.id, now: NOW })).toBeNull();
    expect(await findInvoice(db, { scope: ALL, id: copperleafInvoice.id, now: NOW })).toMatchObject({ companyName: "Copperleaf Realty" });
    // another SE's company filtered for explicitly: still nothing
    expect((await listInvoices(db, { scope: samScope, now: NOW, companyId: COPPERLEAF })).invoices).toEqual([]);

    const olivia = await viewerFor(db, OLIVIA);
    const clientScope: CompanyScope = { kind: "companies", companyIds: olivia.companyIds };
    expect((await listUsage(db, { scope: clientScope, month: "2026-09-01", now: NOW })).map((row) => row.companyId)).toEqual([ACME]);
    const clientInvoices = await listInvoices(db, { scope: clientScope, now: NOW, pageSize: 100 });
    expect(clientInvoices.invoices.every((invoice) => invoice.companyId === ACME)).toBe(true);
    // drafts are never shown to clients
    const draft = await newInvoice({ companyId: ACME, month: "2025-11-01", status: "draft" });
    expect(await findInvoice(db, { scope: clientScope, id: draft, now: NOW })).toBeNull();
    expect((await listInvoices(db, { scope: clientScope, now: NOW, pageSize: 100 })).invoices.map((invoice) => invoice.id)).not.toContain(draft);

    const none: CompanyScope = { kind: "companies", companyIds: [] };
    expect(await listUsage(db, { scope: none, month: "2026-09-01", now: NOW })).toEqual([]);
    expect(await listInvoices(db, { scope: none, now: NOW })).toEqual({ invoices: [], hasNext: false });
  });

  it("projects the month in progress from its pace", async () => {
    const [acme] = await listUsage(db, { scope: ALL, month: "2026-11-01", now: NOW, companyId: ACME });
    expect(acme?.billableRuns).toBe(await rawBillableRuns(ACME, "2026-11-01"));
    // 19 days and 15.5 hours of November's 30 days have passed
    const elapsed = NOW.getTime() - Date.parse("2026-11-01T00:00:00Z");
    expect(acme?.projected?.billableRuns).toBe(Math.round(((acme?.billableRuns ?? 0) * 30 * DAY_MS) / elapsed));
    expect(acme?.invoice).toBeNull();
    const [ended] = await listUsage(db, { scope: ALL, month: "2026-09-01", now: NOW, companyId: ACME });
    expect(ended?.projected).toBeNull();
  });

  it("creates, edits and retires plans, audited, converting prices to exact cents", async () => {
    const admin = await as(ADMIN);
    const created = await createPlan(admin, { name: ` Pro ${engine} `, basePrice: "49.99", includedRuns: "5000", overagePrice: "0.1" });
    expect(created).toMatchObject({ ok: true });
    const planId = created.ok ? created.data?.id : undefined;
    if (!planId) throw new Error("no plan id");
    const [row] = await db.select().from(plans).where(eq(plans.id, planId));
    expect(row).toMatchObject({ name: `Pro ${engine}`, basePriceCents: 4_999, includedRuns: 5_000, overagePriceCents: 10, currency: "USD", active: true });
    const [createEntry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "plan.create"), eq(auditLog.targetId, planId)));
    expect(createEntry).toMatchObject({ actorId: ADMIN_ID, targetType: "plan" });
    expect(createEntry?.changes).toMatchObject({ basePriceCents: { from: null, to: 4_999 } });

    // refused: a taken name (any case), bad amounts
    const auditsBefore = await auditCount();
    expect(await createPlan(admin, { name: `PRO ${engine}`, basePrice: "1", includedRuns: "1", overagePrice: "0" })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { name: [expect.any(String)] },
    });
    const bad = await createPlan(admin, { name: "Bad", basePrice: "1e3", includedRuns: "-1", overagePrice: "12.345" });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(!bad.ok && Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["basePrice", "includedRuns", "overagePrice"]);
    expect(await auditCount()).toBe(auditsBefore);

    // an invoice issued on the plan keeps its prices when the plan changes
    const companyId = await newCompany({}, [], [{ fromMonth: ALWAYS, planId }]);
    expect(await issueInvoices(admin, { month: "2026-03" })).toMatchObject({ ok: true });
    const [march] = await db.select().from(invoices).where(and(eq(invoices.companyId, companyId), eq(invoices.month, "2026-03-01")));
    expect(march).toMatchObject({ planId, basePriceCents: 4_999, totalCents: 4_999 });

    const edited = await updatePlan(admin, { id: planId, name: `Pro ${engine}`, basePrice: "59.99", includedRuns: "6000", overagePrice: "0.02" });
    expect(edited).toMatchObject({ ok: true });
    expect(await db.select().from(invoices).where(eq(invoices.id, march?.id ?? ""))).toEqual([march]);
    const [updateEntry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "plan.update"), eq(auditLog.targetId, planId)));
    expect(updateEntry?.changes).toEqual({
      basePriceCents: { from: 4_999, to: 5_999 },
      includedRuns: { from: 5_000, to: 6_000 },
      overagePriceCents: { from: 10, to: 2 },
    });
    // the month in progress is figured at the new prices
    const [usage] = await listUsage(db, { scope: ALL, month: monthOf(NOW), now: NOW, companyId });
    expect(usage?.amounts?.basePriceCents).toBe(5_999);

    // retire (companies keep it), then reactivate
    expect(await setPlanActive(admin, { id: planId, active: "false" })).toMatchObject({ ok: true });
    expect(await setPlanActive(admin, { id: planId, active: "false" })).toMatchObject({ ok: false, status: 409 });
    const listed = (await listPlans(db, { month: monthOf(NOW) })).find((plan) => plan.id === planId);
    expect(listed).toMatchObject({ active: false, companiesOnPlan: 1 });
    expect(planIdInForce(await planHistoryOf(db, companyId), monthOf(NOW))).toBe(planId);
    expect(await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, planId)).orderBy(auditLog.at)).toEqual([
      { action: "plan.create" },
      { action: "plan.update" },
      { action: "plan.retire" },
    ]);
    expect(await setPlanActive(admin, { id: planId, active: "true" })).toMatchObject({ ok: true });
    expect((await db.select().from(plans).where(eq(plans.id, planId)))[0]?.active).toBe(true);
    // an unknown plan: 403, as for a row out of reach
    expect(await setPlanActive(admin, { id: stableId("plan:none"), active: "false" })).toMatchObject({ ok: false, status: 403 });
  });
});
