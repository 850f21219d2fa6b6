// Plan history (issue 16, item 1) on both engines: a company's plan is a dated history,
// and every figure of a month (usage, invoices, the client's spend and ROI, MRR, revenue)
// uses the plan in force in that month, whenever the month is invoiced or viewed, through
// later plan changes and a re-invoiced voided month.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInvoices, voidInvoice } from "@/app/(admin)/admin/billing/commands";
import { changeCompanyPlan } from "@/app/(admin)/admin/companies/commands";
import { getMonthlyRecurringRevenue, listMonthlyRevenue, listUsage } from "@/db/queries/billing";
import { findCompany, listCompanies } from "@/db/queries/companies";
import { listPlans, pendingPlanFromSql, pendingPlanIdSql, pendingPlans, planIdInForceSql, plansInForce } from "@/db/queries/plans";
import { getRoi } from "@/db/queries/roi";
import { rebuildRollups } from "@/db/queries/rollups";
import { monthBills } from "@/db/queries/spend";
import { companies, invoices, plans, workflowExecutions, workflows } from "@/db/schema";
import { stableId } from "@/db/seed";
import { addMonths, invoiceAmounts, monthOf } from "@/lib/billing";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { planHistoryOf, setPlanHistory } from "../support/plans";

const STARTER = stableId("plan:starter");
const GROWTH = stableId("plan:growth");
const SCALE = stableId("plan:scale");
const ALL = { kind: "all" } as const;

// Runs per month: Starter includes 2,000 and Growth 10,000, so the plan changes the bill.
const RUNS: Record<string, number> = {
  "2026-06-01": 2_300,
  "2026-07-01": 2_600,
  "2026-08-01": 2_900,
  "2026-09-01": 3_100,
  "2026-10-01": 2_200,
  "2026-11-01": 2_400,
};
const MONTHS = Object.keys(RUNS);

describe.each(engines)("plan history on %s", (engine) => {
  let database: TestDatabase;
  const company = stableId(`plan-history:${engine}:company`);
  const scope = { kind: "companies", companyIds: [company] } as const;
  const now = new Date();
  const thisMonth = monthOf(now);
  const nextMonth = addMonths(thisMonth, 1);

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    const { db } = database;
    await db.insert(companies).values({ id: company, name: `Plan History ${engine}`, industry: "Testing", createdAt: new Date("2026-06-01T00:00:00Z") });
    // Starter from June, Growth from August (changed during July)
    await setPlanHistory(db, company, [
      { fromMonth: "2026-06-01", planId: STARTER },
      { fromMonth: "2026-08-01", planId: GROWTH },
    ]);
    const workflow = stableId(`plan-history:${engine}:workflow`);
    await db.insert(workflows).values({ id: workflow, companyId: company, name: "Invoice sync", minutesSavedPerRun: 4 });
    for (const [month, count] of Object.entries(RUNS)) {
      await db.execute(sql`
        INSERT INTO ${workflowExecutions} (company_id, workflow_id, external_id, status, started_at, finished_at, duration_ms, minutes_saved)
        SELECT ${company}, ${workflow}, ${`ph-${month}-`} || n, CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'succeeded' END::execution_status,
          ${month}::date::timestamp AT TIME ZONE 'UTC' + (n * interval '9 minutes'),
          ${month}::date::timestamp AT TIME ZONE 'UTC' + (n * interval '9 minutes') + interval '30 seconds',
          30000, CASE WHEN n % 10 = 0 THEN NULL ELSE 4 END
        FROM generate_series(1, ${count}) AS n
      `);
    }
    await rebuildRollups(db);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function planPrices(id: string) {
    const [plan] = await database.db.select().from(plans).where(eq(plans.id, id));
    if (!plan) throw new Error(`no plan ${id}`);
    return plan;
  }

  /** The month's bill by the formula, on the plan that must be in force. */
  async function expectedBill(month: string, planId: string): Promise<number> {
    return invoiceAmounts(await planPrices(planId), RUNS[month] ?? 0).totalCents;
  }

  const ourInvoices = (month: string) =>
    database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.companyId, company), eq(invoices.month, month)))
      .orderBy(invoices.createdAt);

  it("keeps every month's plan through a later change, on every screen that shows the month", async () => {
    const { db } = database;
    const admin = contextFor(db, await viewerFor(db, "admin@nexus.example.com"));

    // a third change, made now: it applies from next month; the past keeps its plans
    expect(await changeCompanyPlan(admin, { id: company, planId: SCALE })).toMatchObject({ ok: true });
    expect(await planHistoryOf(db, company)).toEqual([
      { fromMonth: "2026-06-01", planId: STARTER },
      { fromMonth: "2026-08-01", planId: GROWTH },
      { fromMonth: nextMonth, planId: SCALE },
    ]);

    // invoices issued now for July (Starter) and September (Growth)
    expect(await issueInvoices(admin, { month: "2026-07" })).toMatchObject({ ok: true });
    expect(await issueInvoices(admin, { month: "2026-09" })).toMatchObject({ ok: true });
    const [july] = await ourInvoices("2026-07-01");
    const [september] = await ourInvoices("2026-09-01");
    expect(july).toMatchObject({ planId: STARTER, ...invoiceAmounts(await planPrices(STARTER), RUNS["2026-07-01"] ?? 0) });
    expect(september).toMatchObject({ planId: GROWTH, ...invoiceAmounts(await planPrices(GROWTH), RUNS["2026-09-01"] ?? 0) });

    // admin usage for months not invoiced: the plan of that month, not today's
    for (const [month, planId] of [
      ["2026-06-01", STARTER],
      ["2026-08-01", GROWTH],
      ["2026-11-01", GROWTH],
    ] as const) {
      const [usage] = await listUsage(db, { scope: ALL, month, now, companyId: company });
      expect(usage, month).toMatchObject({ plan: { id: planId }, billableRuns: RUNS[month] });
      expect(usage?.amounts?.totalCents, month).toBe(await expectedBill(month, planId));
    }

    // the client's month bills (spend): invoices where issued, else the month's plan
    const expected = new Map<string, number>([
      ["2026-06-01", await expectedBill("2026-06-01", STARTER)],
      ["2026-07-01", july?.totalCents ?? -1],
      ["2026-08-01", await expectedBill("2026-08-01", GROWTH)],
      ["2026-09-01", september?.totalCents ?? -1],
      ["2026-10-01", await expectedBill("2026-10-01", GROWTH)],
      ["2026-11-01", await expectedBill("2026-11-01", GROWTH)],
    ]);
    expect(await monthBills(db, { scope, companyId: company, months: MONTHS, now })).toEqual(expected);
    // ROI over whole months spends exactly those bills
    const roi = await getRoi(db, { scope, companyId: company, from: "2026-06-01", to: "2026-11-30", now });
    expect(roi?.current.spendCents).toBe([...expected.values()].reduce((sum, cents) => sum + cents, 0));

    // the company page and list: today's plan and the change ahead; an old month's plan
    expect(await findCompany(db, { scope: ALL, id: company, now })).toMatchObject({
      planId: GROWTH,
      planName: "Growth",
      nextPlanId: SCALE,
      nextPlanFrom: nextMonth,
    });
    expect(await findCompany(db, { scope: ALL, id: company, now: new Date("2026-07-20T12:00:00Z") })).toMatchObject({
      planName: "Starter",
      nextPlanName: "Growth",
      nextPlanFrom: "2026-08-01",
    });
    expect((await listCompanies(db, { scope: ALL, now })).find((row) => row.id === company)).toMatchObject({
      planName: "Growth",
      nextPlanName: "Scale",
    });
    const plansNow = await listPlans(db, { month: thisMonth });
    const plansNext = await listPlans(db, { month: nextMonth });
    const countOn = (list: typeof plansNow, id: string) => list.find((plan) => plan.id === id)?.companiesOnPlan ?? 0;
    expect(countOn(plansNext, SCALE) - countOn(plansNow, SCALE)).toBe(1);
    expect(plansNow.find((plan) => plan.id === SCALE)?.companiesMovingToPlan).toBeGreaterThanOrEqual(1);

    // MRR: Growth's base price this month, Scale's next month
    const mrrNow = await getMonthlyRecurringRevenue(db, { scope, now });
    const mrrNext = await getMonthlyRecurringRevenue(db, { scope, now: new Date(`${nextMonth}T12:00:00Z`) });
    expect(mrrNow.mrrCents).toBe((await planPrices(GROWTH)).basePriceCents);
    expect(mrrNext.mrrCents).toBe((await planPrices(SCALE)).basePriceCents);
  });

  it("reads the same plan and pending change for every company in one pass as one company at a time", async () => {
    const { db } = database;
    // histories of every shape: one entry, a change, a change pending, a first entry in the future
    const shapes = [
      [{ fromMonth: "2026-03-01", planId: SCALE }],
      [
        { fromMonth: "2026-01-01", planId: STARTER },
        { fromMonth: "2026-05-01", planId: GROWTH },
        { fromMonth: "2026-09-01", planId: SCALE },
      ],
      [
        { fromMonth: "2026-02-01", planId: GROWTH },
        { fromMonth: nextMonth, planId: STARTER },
      ],
      [{ fromMonth: addMonths(thisMonth, 2), planId: GROWTH }],
    ];
    const ids = shapes.map((_, index) => stableId(`plan-history:${engine}:shape:${index}`));
    await db.insert(companies).values(ids.map((id, index) => ({ id, name: `Plan Shape ${engine} ${index}`, industry: "Testing" })));
    for (const [index, shape] of shapes.entries()) await setPlanHistory(db, ids[index] as string, shape);

    for (const month of ["2025-12-01", "2026-01-01", "2026-04-01", "2026-05-01", "2026-08-01", "2026-09-01", thisMonth, nextMonth, addMonths(thisMonth, 3)]) {
      const inForce = plansInForce(db, month);
      const pending = pendingPlans(db, month);
      const oneByOne = await db
        .select({ id: companies.id, planId: planIdInForceSql(month), pendingId: pendingPlanIdSql(month), pendingFrom: pendingPlanFromSql(month) })
        .from(companies)
        .orderBy(companies.id);
      const onePass = await db
        .select({ id: companies.id, planId: inForce.planId, pendingId: pending.planId, pendingFrom: pending.fromMonth })
        .from(companies)
        .leftJoin(inForce, eq(inForce.companyId, companies.id))
        .leftJoin(pending, eq(pending.companyId, companies.id))
        .orderBy(companies.id);
      expect(onePass, month).toEqual(oneByOne);
    }
  });

  it("re-invoices a voided month on that month's plan, and counts only the replacement", async () => {
    const { db } = database;
    const admin = contextFor(db, await viewerFor(db, "admin@nexus.example.com"));
    const [july] = await ourInvoices("2026-07-01");
    if (!july) throw new Error("July was not invoiced");
    expect(await voidInvoice(admin, { id: july.id, reason: "Wrong address" })).toMatchObject({ ok: true });
    expect(await issueInvoices(admin, { month: "2026-07" })).toMatchObject({ ok: true });
    const [voided, replacement, ...rest] = await ourInvoices("2026-07-01");
    expect(rest).toEqual([]);
    expect(voided).toMatchObject({ id: july.id, status: "void" });
    // on Starter, July's plan, although the company is on Growth now and moves to Scale
    expect(replacement).toMatchObject({
      number: `${july.number}-R1`,
      replacesInvoiceId: july.id,
      planId: STARTER,
      totalCents: july.totalCents,
    });

    const [usage] = await listUsage(db, { scope: ALL, month: "2026-07-01", now, companyId: company });
    expect(usage?.invoice).toMatchObject({ number: replacement?.number });
    const bills = await monthBills(db, { scope, companyId: company, months: ["2026-07-01"], now });
    expect(bills?.get("2026-07-01")).toBe(replacement?.totalCents);
    const revenue = await listMonthlyRevenue(db, { scope, now, currency: "USD", months: 12 });
    expect(revenue.find((row) => row.month === "2026-07-01")).toMatchObject({ paidCents: 0, outstandingCents: replacement?.totalCents });
  });
});
