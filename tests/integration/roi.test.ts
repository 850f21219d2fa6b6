// The client's ROI dashboard and reports (PRODUCT.md §2, §4) read only rollups; every
// figure must equal the same figure computed here from RAW workflow_executions, plans and
// invoices with the formulas of §4 and lib/billing.ts. Also: scope, a company that spends
// nothing (ROI "–"), a company without runs, and the streamed CSV (rows, totals, quoting,
// formula injection).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRoi, type RoiFigures } from "@/db/queries/roi";
import { getReport, reportCsvStream, type Report } from "@/db/queries/reports";
import { getSpend, monthBills } from "@/db/queries/spend";
import { stableId } from "@/db/seed";
import { companies, invoices, workflowExecutions, workflows } from "@/db/schema";
import { scopeFor, type CompanyScope } from "@/lib/authz";
import {
  invoiceAmounts,
  monthOf,
  monthsBetween,
  planIdInForce,
  projectedBillableRuns,
  spendForRange,
} from "@/lib/billing";
import { parseDateRange, presetRange, previousRange, type DateRange } from "@/lib/date-range";
import { rebuildRollups } from "@/db/queries/rollups";
import { viewerFor } from "../support/context";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";
import { ALWAYS, planHistoryOf, setPlanHistory } from "../support/plans";

const NOW = SEED_NOW;
const ALL: CompanyScope = { kind: "all" };
const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const PLAN_GROWTH = stableId("plan:growth");
const PLAN_SCALE = stableId("plan:scale");
// made by this file
const NO_PLAN = stableId("test-roi:company:no-plan");
const NO_RUNS = stableId("test-roi:company:no-runs");
const INJECTED = stableId("test-roi:workflow:injected");
const INJECTED_NAME = '=HYPERLINK("x")';
const QUOTED = stableId("test-roi:workflow:quoted");
const QUOTED_NAME = 'Leads, "hot" ones';
const ACME_OCTOBER_TOTAL = 412_345;

function custom(from: string, to: string): DateRange {
  const parsed = parseDateRange({ from, to }, NOW);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.range;
}

const RANGES: { label: string; range: DateRange }[] = [
  { label: "7 days", range: presetRange("7d", NOW) },
  { label: "30 days", range: presetRange("30d", NOW) },
  { label: "90 days", range: presetRange("90d", NOW) },
  { label: "a custom range across a month boundary", range: custom("2026-09-25", "2026-10-06") },
];

/** A strict RFC 4180 reader for the exported CSV. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index += 1;
    } else field += char;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  const reader = stream.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    text += decoder.decode(part.value, { stream: true });
    chunks += 1;
  }
  return { text: text + decoder.decode(), chunks };
}

const cents = (amount: number) => (amount / 100).toFixed(2);
const hours = (minutes: number) => (Math.round((minutes / 60) * 100) / 100).toFixed(2);

describe.each(engines)("ROI and reports on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    const db = database.db;
    // Acme: September's invoice voided (bills nothing), October invoiced at a known total.
    for (const [month, status, totalCents] of [
      ["2026-09-01", "void", 399_000],
      ["2026-10-01", "open", ACME_OCTOBER_TOTAL],
    ] as const) {
      const values = {
        number: `TEST-ROI-${month}`,
        companyId: ACME,
        planId: PLAN_SCALE,
        month,
        status,
        currency: "USD",
        billableRuns: 0,
        includedRuns: 50_000,
        overageRuns: 0,
        basePriceCents: 399_000,
        overagePriceCents: 2,
        overageCents: 0,
        totalCents,
      };
      // the month's invoice(s) get this state; a month without one gets one
      const updated = await db
        .update(invoices)
        .set({ status, totalCents })
        .where(sql`${invoices.companyId} = ${ACME} AND ${invoices.month} = ${month}`)
        .returning({ id: invoices.id });
      if (updated.length === 0) await db.insert(invoices).values(values);
    }
    // Copperleaf: a plan change dated from November, and no invoice for October or November.
    await setPlanHistory(db, COPPERLEAF, [
      { fromMonth: ALWAYS, planId: PLAN_GROWTH },
      { fromMonth: "2026-11-01", planId: PLAN_SCALE },
    ]);
    await db.delete(invoices).where(sql`${invoices.companyId} = ${COPPERLEAF} AND ${invoices.month} >= '2026-10-01'`);

    // A company without a plan (spends nothing), with a formula-like and a quoted workflow name.
    await db.insert(companies).values([
      { id: NO_PLAN, name: "No Plan Partners", industry: "Testing" },
      { id: NO_RUNS, name: "Fresh Start Ltd", industry: "Testing" },
    ]);
    await setPlanHistory(db, NO_RUNS, [{ fromMonth: ALWAYS, planId: PLAN_GROWTH }]);
    await db.insert(workflows).values([
      { id: INJECTED, companyId: NO_PLAN, name: INJECTED_NAME, minutesSavedPerRun: 10 },
      { id: QUOTED, companyId: NO_PLAN, name: QUOTED_NAME, minutesSavedPerRun: 7 },
    ]);
    const run = (workflowId: string, n: number, status: "succeeded" | "failed" | "cancelled", startedAt: string, minutes: number | null) => ({
      companyId: NO_PLAN,
      workflowId,
      externalId: `test-roi-${workflowId}-${n}`,
      status,
      startedAt: new Date(startedAt),
      finishedAt: new Date(new Date(startedAt).getTime() + 60_000),
      durationMs: 60_000,
      minutesSaved: minutes,
    });
    await db.insert(workflowExecutions).values([
      run(INJECTED, 1, "succeeded", "2026-11-18T09:00:00Z", 10),
      run(INJECTED, 2, "succeeded", "2026-11-18T23:59:00Z", 10),
      run(INJECTED, 3, "failed", "2026-11-19T00:00:00Z", 10),
      run(QUOTED, 1, "succeeded", "2026-11-19T12:00:00Z", 7),
      run(QUOTED, 2, "cancelled", "2026-11-20T08:00:00Z", null),
    ]);
    await rebuildRollups(db, { from: "2026-11-18", now: SEED_NOW });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Runs, outcomes and minutes saved from raw runs, for inclusive UTC days. */
  async function rawCounts(companyId: string, from: string, to: string, workflowId?: string) {
    const [row] = await database.db.execute<{ runs: number; succeeded: number; failed: number; minutes: number }>(sql`
      SELECT count(*)::int AS runs,
        count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::int AS minutes
      FROM workflow_executions
      WHERE company_id = ${companyId}
        AND started_at >= ${from}::date::timestamp AT TIME ZONE 'UTC'
        AND started_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'
        ${workflowId ? sql`AND workflow_id = ${workflowId}` : sql``}
    `);
    if (!row) throw new Error("no row");
    return { runs: row.runs, succeeded: row.succeeded, failed: row.failed, minutesSaved: row.minutes };
  }

  async function rawByGroup(companyId: string, from: string, to: string, group: "day" | "workflow") {
    const key = group === "day" ? sql`to_char((started_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')` : sql`workflow_id::text`;
    const rows = await database.db.execute<{ key: string; runs: number; succeeded: number; failed: number; minutes: number }>(sql`
      SELECT ${key} AS key, count(*)::int AS runs,
        count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::int AS minutes
      FROM workflow_executions
      WHERE company_id = ${companyId}
        AND started_at >= ${from}::date::timestamp AT TIME ZONE 'UTC'
        AND started_at < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'
      GROUP BY 1
    `);
    return new Map([...rows].map((row) => [row.key, row]));
  }

  async function hourlyRate(companyId: string): Promise<number> {
    const [row] = await database.db.execute<{ rate: number }>(sql`
      SELECT coalesce(c.hourly_rate_cents, s.default_hourly_rate_cents)::int AS rate
      FROM companies c CROSS JOIN platform_settings s WHERE c.id = ${companyId}
    `);
    if (!row) throw new Error("no company");
    return row.rate;
  }

  /** Spend from plans, invoices and raw runs, by PRODUCT.md §4 and lib/billing.ts. */
  async function rawSpend(companyId: string, from: string, to: string): Promise<number> {
    const [company] = await database.db.execute<{ created_month: string; first_run_month: string | null }>(sql`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') || '-01' AS created_month,
        (SELECT to_char(min(started_at) AT TIME ZONE 'UTC', 'YYYY-MM') || '-01' FROM workflow_executions WHERE company_id = c.id) AS first_run_month
      FROM companies c WHERE id = ${companyId}
    `);
    if (!company) throw new Error("no company");
    const history = await planHistoryOf(database.db, companyId);
    const start =
      company.first_run_month && company.first_run_month < company.created_month ? company.first_run_month : company.created_month;
    const totals = new Map<string, number>();
    for (const month of monthsBetween(from, to)) {
      const [invoice] = await database.db.execute<{ status: string; total: number }>(sql`
        SELECT status::text AS status, total_cents AS total FROM invoices WHERE company_id = ${companyId} AND month = ${month}::date
      `);
      if (invoice) {
        totals.set(month, invoice.status === "void" ? 0 : invoice.total);
        continue;
      }
      const planId = planIdInForce(history, month);
      if (!planId || month < start) {
        totals.set(month, 0);
        continue;
      }
      const [plan] = await database.db.execute<{ base: number; included: number; overage: number }>(sql`
        SELECT base_price_cents AS base, included_runs AS included, overage_price_cents AS overage FROM plans WHERE id = ${planId}
      `);
      const [billable] = await database.db.execute<{ runs: number }>(sql`
        SELECT count(*)::int AS runs FROM workflow_executions
        WHERE company_id = ${companyId} AND status IN ('succeeded', 'failed')
          AND started_at >= ${month}::date::timestamp AT TIME ZONE 'UTC'
          AND started_at < (${month}::date + interval '1 month')::timestamp AT TIME ZONE 'UTC'
      `);
      if (!plan || !billable) throw new Error("no plan");
      const runs = projectedBillableRuns(billable.runs, month, NOW);
      totals.set(month, invoiceAmounts({ basePriceCents: plan.base, includedRuns: plan.included, overagePriceCents: plan.overage }, runs).totalCents);
    }
    return spendForRange(totals, from, to);
  }

  async function expectedFigures(companyId: string, from: string, to: string, days: number): Promise<RoiFigures> {
    const counts = await rawCounts(companyId, from, to);
    const rate = await hourlyRate(companyId);
    const spendCents = await rawSpend(companyId, from, to);
    const moneySavedCents = Math.round((counts.minutesSaved / 60) * rate);
    const netReturnCents = moneySavedCents - spendCents;
    const finished = counts.succeeded + counts.failed;
    return {
      from,
      to,
      days,
      ...counts,
      hoursSaved: Math.round((counts.minutesSaved / 60) * 100) / 100,
      moneySavedCents,
      spendCents,
      netReturnCents,
      roiPercent: spendCents === 0 ? null : Math.round((netReturnCents / spendCents) * 1000) / 10,
      successRatePercent: finished === 0 ? null : Math.round((counts.succeeded / finished) * 1000) / 10,
    };
  }

  for (const companyId of [ACME, COPPERLEAF]) {
    for (const { label, range } of RANGES) {
      it(`matches raw runs for ${companyId === ACME ? "Acme" : "Copperleaf"} over ${label}`, async () => {
        const roi = await getRoi(database.db, { scope: ALL, companyId, from: range.from, to: range.to, now: NOW });
        if (!roi) throw new Error("no ROI");
        const previous = previousRange(range);
        expect(roi.current).toEqual(await expectedFigures(companyId, range.from, range.to, range.days));
        expect(roi.previous).toEqual(await expectedFigures(companyId, previous.from, previous.to, previous.days));
        expect(roi.current.runs).toBeGreaterThan(0);
        expect(roi.current.spendCents).toBeGreaterThan(0);
        expect(roi.hasRuns).toBe(true);
        expect(roi.currency).toBe("USD");
        expect(roi.hourlyRateCents).toBe(await hourlyRate(companyId));

        // every day of the range, zeros included, equal to the raw day
        const rate = await hourlyRate(companyId);
        const rawDays = await rawByGroup(companyId, range.from, range.to, "day");
        expect(roi.days.map((day) => day.day)).toEqual(
          Array.from({ length: range.days }, (_, index) => new Date(Date.parse(`${range.from}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10)),
        );
        for (const day of roi.days) {
          const raw = rawDays.get(day.day);
          expect([day.runs, day.succeeded, day.failed, day.minutesSaved]).toEqual([raw?.runs ?? 0, raw?.succeeded ?? 0, raw?.failed ?? 0, raw?.minutes ?? 0]);
          expect(day.moneySavedCents).toBe(Math.round(((raw?.minutes ?? 0) * rate) / 60));
        }

        // every workflow with runs, by money saved
        const rawWorkflows = await rawByGroup(companyId, range.from, range.to, "workflow");
        for (const [id, raw] of rawWorkflows) {
          const workflow = roi.workflows.find((candidate) => candidate.id === id);
          expect(workflow, id).toBeDefined();
          expect([workflow?.runs, workflow?.succeeded, workflow?.failed, workflow?.minutesSaved]).toEqual([raw.runs, raw.succeeded, raw.failed, raw.minutes]);
          expect(workflow?.moneySavedCents).toBe(Math.round((raw.minutes * rate) / 60));
        }
        const money = roi.workflows.map((workflow) => workflow.moneySavedCents);
        expect(money).toEqual([...money].sort((a, b) => b - a));
        expect(roi.workflows.reduce((sum, workflow) => sum + workflow.runs, 0)).toBe(roi.current.runs);
      });
    }
  }

  it("bills a month by its invoice (nothing when void) and by the plan in force otherwise", async () => {
    const acme = await monthBills(database.db, { scope: ALL, companyId: ACME, months: ["2026-09-01", "2026-10-01"], now: NOW });
    expect(acme?.get("2026-09-01")).toBe(0);
    expect(acme?.get("2026-10-01")).toBe(ACME_OCTOBER_TOTAL);
    // 25–30 September bill nothing (void), 1–6 October six 31sts of the invoice
    expect(await getSpend(database.db, { scope: ALL, companyId: ACME, from: "2026-09-25", to: "2026-10-06", now: NOW })).toBe(
      Math.round((ACME_OCTOBER_TOTAL * 6) / 31),
    );

    // Copperleaf: October on Growth, November (in progress, projected) on Scale
    const copperleaf = await monthBills(database.db, { scope: ALL, companyId: COPPERLEAF, months: ["2026-10-01", "2026-11-01"], now: NOW });
    const [runs] = await database.db.execute<{ october: number; november: number }>(sql`
      SELECT count(*) FILTER (WHERE started_at < '2026-11-01T00:00:00Z')::int AS october,
        count(*) FILTER (WHERE started_at >= '2026-11-01T00:00:00Z')::int AS november
      FROM workflow_executions WHERE company_id = ${COPPERLEAF} AND status IN ('succeeded', 'failed')
        AND started_at >= '2026-10-01T00:00:00Z'
    `);
    expect(copperleaf?.get("2026-10-01")).toBe(
      invoiceAmounts({ basePriceCents: 149_000, includedRuns: 10_000, overagePriceCents: 3 }, runs?.october ?? 0).totalCents,
    );
    expect(monthOf(NOW)).toBe("2026-11-01");
    expect(copperleaf?.get("2026-11-01")).toBe(
      invoiceAmounts(
        { basePriceCents: 399_000, includedRuns: 50_000, overagePriceCents: 2 },
        projectedBillableRuns(runs?.november ?? 0, "2026-11-01", NOW),
      ).totalCents,
    );
  });

  it("shows ROI as – (null) for a company that spent nothing, and explains a company without runs", async () => {
    const range = presetRange("7d", NOW);
    const noPlan = await getRoi(database.db, { scope: ALL, companyId: NO_PLAN, from: range.from, to: range.to, now: NOW });
    expect(noPlan?.current).toEqual(await expectedFigures(NO_PLAN, range.from, range.to, 7));
    expect(noPlan?.current.spendCents).toBe(0);
    expect(noPlan?.current.roiPercent).toBeNull();
    expect(noPlan?.current.netReturnCents).toBe(noPlan?.current.moneySavedCents);
    expect(noPlan?.current).toMatchObject({ runs: 5, succeeded: 3, failed: 1, minutesSaved: 27, successRatePercent: 75 });
    expect(noPlan?.hasRuns).toBe(true);

    const fresh = await getRoi(database.db, { scope: ALL, companyId: NO_RUNS, from: range.from, to: range.to, now: NOW });
    expect(fresh?.hasRuns).toBe(false);
    expect(fresh?.current).toMatchObject({ runs: 0, hoursSaved: 0, moneySavedCents: 0, successRatePercent: null });
    expect(fresh?.workflows).toEqual([]);
    expect(fresh?.days).toHaveLength(7);
  });

  it("reads only the viewer's own company", async () => {
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const sam = await viewerFor(database.db, "sam@nexus.example.com");
    const range = presetRange("30d", NOW);
    const filter = { from: range.from, to: range.to, now: NOW };
    for (const viewer of [olivia, sam]) {
      const scope = scopeFor(viewer, "executions.view");
      expect(await getRoi(database.db, { scope, companyId: ACME, ...filter })).not.toBeNull();
      expect(await getRoi(database.db, { scope, companyId: COPPERLEAF, ...filter })).toBeNull();
      expect(await getSpend(database.db, { scope, companyId: COPPERLEAF, ...filter })).toBeNull();
      expect(await monthBills(database.db, { scope, companyId: COPPERLEAF, months: ["2026-11-01"], now: NOW })).toBeNull();
      const report = { scope, companyId: COPPERLEAF, from: range.from, to: range.to, workflowId: null };
      expect(await getReport(database.db, report)).toBeNull();
      expect(await reportCsvStream(database.db, { ...report, kind: "workflows" })).toBeNull();
    }
    // another company's workflow as the filter of one's own report: refused the same way
    const scope = scopeFor(olivia, "executions.view");
    const foreignWorkflow = stableId("workflow:copperleaf:Lead routing");
    const own = { scope, companyId: ACME, from: range.from, to: range.to, workflowId: foreignWorkflow };
    expect(await getReport(database.db, own)).toBeNull();
    expect(await reportCsvStream(database.db, { ...own, kind: "days" })).toBeNull();
    // an empty scope reaches nothing
    const none: CompanyScope = { kind: "companies", companyIds: [] };
    expect(await getRoi(database.db, { scope: none, companyId: ACME, ...filter })).toBeNull();
  });

  async function csvOf(report: Parameters<typeof reportCsvStream>[1]) {
    const csv = await reportCsvStream(database.db, report);
    if (!csv) throw new Error("no CSV");
    const { text, chunks } = await readStream(csv.stream);
    return { filename: csv.filename, text, chunks, records: parseCsv(text) };
  }

  function expectCsvMatches(records: string[][], report: Report, kind: "workflows" | "days") {
    const currency = report.company.currency;
    const rows = records.slice(1, -1);
    const totals = records[records.length - 1];
    if (kind === "workflows") {
      expect(records[0]).toEqual(["Workflow", "Runs", "Succeeded", "Failed", "Success rate (%)", "Hours saved", "Money saved", "Currency"]);
      expect(rows).toEqual(
        report.workflows.map((workflow) => [
          /^[=+\-@\t\r]/.test(workflow.name) ? `'${workflow.name}` : workflow.name,
          String(workflow.runs),
          String(workflow.succeeded),
          String(workflow.failed),
          workflow.successRatePercent === null ? "" : workflow.successRatePercent.toFixed(1),
          workflow.hoursSaved.toFixed(2),
          cents(workflow.moneySavedCents),
          currency,
        ]),
      );
      expect(totals).toEqual([
        "Total",
        String(report.totals.runs),
        String(report.totals.succeeded),
        String(report.totals.failed),
        report.totals.successRatePercent === null ? "" : report.totals.successRatePercent.toFixed(1),
        hours(report.totals.minutesSaved),
        cents(report.totals.moneySavedCents),
        currency,
      ]);
    } else {
      expect(records[0]).toEqual(["Day", "Runs", "Succeeded", "Failed", "Hours saved", "Money saved", "Currency"]);
      expect(rows).toEqual(
        report.days.map((day) => [
          day.day,
          String(day.runs),
          String(day.succeeded),
          String(day.failed),
          day.hoursSaved.toFixed(2),
          cents(day.moneySavedCents),
          currency,
        ]),
      );
      expect(totals).toEqual([
        "Total",
        String(report.totals.runs),
        String(report.totals.succeeded),
        String(report.totals.failed),
        hours(report.totals.minutesSaved),
        cents(report.totals.moneySavedCents),
        currency,
      ]);
    }
  }

  it("exports the report as CSV: rows and totals equal the report and the ROI figures", async () => {
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const scope = scopeFor(olivia, "executions.view");
    for (const { range } of [RANGES[1], RANGES[3]].filter((entry) => entry !== undefined)) {
      const filter = { scope, companyId: ACME, from: range.from, to: range.to, workflowId: null };
      const report = await getReport(database.db, filter);
      const roi = await getRoi(database.db, { scope, companyId: ACME, from: range.from, to: range.to, now: NOW });
      if (!report || !roi) throw new Error("no report");
      expect(report.totals).toMatchObject({
        runs: roi.current.runs,
        succeeded: roi.current.succeeded,
        failed: roi.current.failed,
        minutesSaved: roi.current.minutesSaved,
        hoursSaved: roi.current.hoursSaved,
        moneySavedCents: roi.current.moneySavedCents,
        successRatePercent: roi.current.successRatePercent,
      });
      expect(report.workflows).toEqual(roi.workflows);
      expect(report.days).toEqual(roi.days);

      // small pages, so the keyset paging crosses many page boundaries
      for (const pageSize of [7, 500]) {
        const workflowsCsv = await csvOf({ ...filter, kind: "workflows", pageSize });
        expectCsvMatches(workflowsCsv.records, report, "workflows");
        expect(workflowsCsv.filename).toBe(`nexus-report-workflows-${range.from}-to-${range.to}.csv`);
        const daysCsv = await csvOf({ ...filter, kind: "days", pageSize });
        expectCsvMatches(daysCsv.records, report, "days");
        expect(daysCsv.records).toHaveLength(range.days + 2);
        if (pageSize === 7) expect(daysCsv.chunks).toBeGreaterThan(5);
      }
    }

    // one workflow
    const range = presetRange("30d", NOW);
    const workflowId = stableId("workflow:acme:Freight invoice matching");
    const filter = { scope, companyId: ACME, from: range.from, to: range.to, workflowId };
    const report = await getReport(database.db, filter);
    if (!report) throw new Error("no report");
    expect(report.workflows.map((workflow) => workflow.id)).toEqual([workflowId]);
    expect(report.totals).toMatchObject(await rawCounts(ACME, range.from, range.to, workflowId));
    const days = await csvOf({ ...filter, kind: "days", pageSize: 5 });
    expectCsvMatches(days.records, report, "days");
    expect(days.filename).toBe(`nexus-report-days-${range.from}-to-${range.to}-freight-invoice-matching.csv`);
  });

  it("neutralises a formula in a workflow name and quotes commas and quotes", async () => {
    const range = presetRange("7d", NOW);
    const filter = { scope: ALL, companyId: NO_PLAN, from: range.from, to: range.to, workflowId: null };
    const report = await getReport(database.db, filter);
    if (!report) throw new Error("no report");
    const csv = await csvOf({ ...filter, kind: "workflows" });
    expectCsvMatches(csv.records, report, "workflows");
    expect(csv.records.map((record) => record[0])).toEqual(["Workflow", `'${INJECTED_NAME}`, QUOTED_NAME, "Total"]);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")",3,2,1,66.7,0.33,`);
    expect(csv.text).toContain(`"Leads, ""hot"" ones",2,1,0,100.0,0.12,`);
    expect(csv.text.split("\r\n").every((line) => !line.startsWith("="))).toBe(true);

    const one = await csvOf({ ...filter, workflowId: INJECTED, kind: "days" });
    expect(one.filename).toBe(`nexus-report-days-${range.from}-to-${range.to}-hyperlink-x.csv`);
  });
});
