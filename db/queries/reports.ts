import "server-only";
import { and, asc, sql } from "drizzle-orm";
import type { CompanyScope } from "@/lib/authz";
import { centsToDecimal, csvRow, fixedDecimal, type CsvValue } from "@/lib/csv";
import { addDays } from "@/lib/date-range";
import { logger } from "@/lib/logger";
import type { Queryable } from "../client";
import { executionDailyStats } from "../schema";
import {
  compareWorkflows,
  getCompanyBasis,
  hoursFromMinutes,
  includeWorkflow,
  listCompanyWorkflows,
  moneyFromMinutes,
  rollupByDay,
  rollupByWorkflow,
  rollupWhere,
  successRatePercent,
  workflowFigures,
  type CompanyBasis,
  type CompanyWorkflow,
  type RoiDay,
  type RoiWorkflow,
  type RunCounts,
} from "./roi";

// The client's reports (PRODUCT.md §2 /reports): the range's runs by workflow and by day
// with totals, on screen and as CSV. The figures come from the same functions as the ROI
// dashboard (db/queries/roi.ts), so a report and the dashboard never disagree.

export const reportKinds = ["workflows", "days"] as const;
export type ReportKind = (typeof reportKinds)[number];

export type ReportTotals = RunCounts & { hoursSaved: number; moneySavedCents: number; successRatePercent: number | null };

export type Report = {
  company: CompanyBasis;
  from: string;
  to: string;
  /** the workflow filter, when one is set */
  workflow: CompanyWorkflow | null;
  workflows: RoiWorkflow[];
  days: RoiDay[];
  totals: ReportTotals;
};

export type ReportFilter = {
  scope: CompanyScope;
  companyId: string;
  /** inclusive UTC days, validated by lib/date-range.ts */
  from: string;
  to: string;
  /** one workflow of the company, or null for all */
  workflowId: string | null;
};

const ZERO: RunCounts = { runs: 0, succeeded: 0, failed: 0, minutesSaved: 0 };

function addCounts(sum: RunCounts, row: RunCounts): RunCounts {
  return {
    runs: sum.runs + row.runs,
    succeeded: sum.succeeded + row.succeeded,
    failed: sum.failed + row.failed,
    minutesSaved: sum.minutesSaved + row.minutesSaved,
  };
}

export function reportTotals(counts: RunCounts, hourlyRateCents: number): ReportTotals {
  return {
    ...counts,
    hoursSaved: hoursFromMinutes(counts.minutesSaved),
    moneySavedCents: moneyFromMinutes(counts.minutesSaved, hourlyRateCents),
    successRatePercent: successRatePercent(counts.succeeded, counts.failed),
  };
}

/** The workflows a client may filter a report by (archived ones too: their history counts). Empty outside the scope. */
export async function listReportWorkflows(
  db: Queryable,
  { scope, companyId }: { scope: CompanyScope; companyId: string },
): Promise<CompanyWorkflow[]> {
  if (scope.kind === "companies" && !scope.companyIds.includes(companyId)) return [];
  return listCompanyWorkflows(db, { companyId });
}

type Prepared = { company: CompanyBasis; companyWorkflows: CompanyWorkflow[]; workflow: CompanyWorkflow | null };

/** The company and the filter's workflow, or null outside the scope or for a workflow not the company's. */
async function prepare(db: Queryable, filter: ReportFilter): Promise<Prepared | null> {
  const company = await getCompanyBasis(db, { scope: filter.scope, companyId: filter.companyId, month: `${filter.to.slice(0, 8)}01` });
  if (!company) return null;
  const companyWorkflows = await listCompanyWorkflows(db, { companyId: company.id });
  let workflow: CompanyWorkflow | null = null;
  if (filter.workflowId) {
    workflow = companyWorkflows.find((candidate) => candidate.id === filter.workflowId) ?? null;
    if (!workflow) return null;
  }
  return { company, companyWorkflows, workflow };
}

/**
 * The report for the range: by workflow (in the dashboard's order), by day (every day,
 * oldest first) and the totals. Null outside the scope, or when the workflow filter names
 * a workflow that is not the company's (the same answer, so existence never leaks).
 */
export async function getReport(db: Queryable, filter: ReportFilter): Promise<Report | null> {
  const prepared = await prepare(db, filter);
  if (!prepared) return null;
  const { company, companyWorkflows, workflow } = prepared;
  const rollupFilter = { companyId: company.id, from: filter.from, to: filter.to, workflowId: workflow?.id ?? null };
  const [workflows, days] = await Promise.all([
    rollupByWorkflow(db, rollupFilter, { hourlyRateCents: company.hourlyRateCents, companyWorkflows }),
    rollupByDay(db, rollupFilter, company.hourlyRateCents),
  ]);
  const counts = days.reduce<RunCounts>(addCounts, { ...ZERO });
  return {
    company,
    from: filter.from,
    to: filter.to,
    workflow,
    workflows,
    days,
    totals: reportTotals(counts, company.hourlyRateCents),
  };
}

// ---------------------------------------------------------------- CSV export

export const CSV_PAGE_SIZE = 500;

type RollupRow = RunCounts & { day: string; workflowId: string };

/**
 * The range's rollup rows in keyset pages ordered by (day, workflow), so an export of a
 * year of data holds one page at a time, however many workflows and days there are.
 */
async function* rollupPages(
  db: Queryable,
  filter: { companyId: string; from: string; to: string; workflowId: string | null },
  pageSize: number,
): AsyncGenerator<RollupRow[]> {
  const s = executionDailyStats;
  let after: { day: string; workflowId: string } | null = null;
  for (;;) {
    const rows: RollupRow[] = await db
      .select({
        day: s.day,
        workflowId: s.workflowId,
        runs: s.runs,
        succeeded: s.succeeded,
        failed: s.failed,
        minutesSaved: s.minutesSaved,
      })
      .from(s)
      .where(
        and(
          rollupWhere(filter),
          after ? sql`(${s.day}, ${s.workflowId}) > (${after.day}::date, ${after.workflowId}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(s.day), asc(s.workflowId))
      .limit(pageSize);
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || !last) return;
    after = { day: last.day, workflowId: last.workflowId };
  }
}

export const workflowCsvHeader = ["Workflow", "Runs", "Succeeded", "Failed", "Success rate (%)", "Hours saved", "Money saved", "Currency"];
export const dayCsvHeader = ["Day", "Runs", "Succeeded", "Failed", "Hours saved", "Money saved", "Currency"];

function figureFields(row: RunCounts, hourlyRateCents: number, currency: string, withRate: boolean): CsvValue[] {
  const rate = successRatePercent(row.succeeded, row.failed);
  return [
    row.runs,
    row.succeeded,
    row.failed,
    ...(withRate ? [rate === null ? null : fixedDecimal(rate, 1)] : []),
    fixedDecimal(hoursFromMinutes(row.minutesSaved), 2),
    centsToDecimal(moneyFromMinutes(row.minutesSaved, hourlyRateCents)),
    currency,
  ];
}

async function* workflowLines(db: Queryable, prepared: Prepared, filter: ReportFilter, pageSize: number): AsyncGenerator<string> {
  const { company, companyWorkflows, workflow } = prepared;
  yield csvRow(workflowCsvHeader);
  // one running sum per workflow: a company's workflows, not its days, stay in memory
  const sums = new Map<string, RunCounts>();
  const pages = rollupPages(db, { companyId: company.id, from: filter.from, to: filter.to, workflowId: workflow?.id ?? null }, pageSize);
  for await (const page of pages) {
    for (const row of page) sums.set(row.workflowId, addCounts(sums.get(row.workflowId) ?? ZERO, row));
  }
  const rows = companyWorkflows
    .filter((candidate) => includeWorkflow(candidate, sums.get(candidate.id), workflow?.id))
    .map((candidate) => workflowFigures(candidate, sums.get(candidate.id) ?? ZERO, company.hourlyRateCents))
    .sort(compareWorkflows);
  let total: RunCounts = { ...ZERO };
  let chunk = "";
  for (const row of rows) {
    total = addCounts(total, row);
    chunk += csvRow([row.name, ...figureFields(row, company.hourlyRateCents, company.currency, true)]);
  }
  yield chunk;
  yield csvRow(["Total", ...figureFields(total, company.hourlyRateCents, company.currency, true)]);
}

async function* dayLines(db: Queryable, prepared: Prepared, filter: ReportFilter, pageSize: number): AsyncGenerator<string> {
  const { company, workflow } = prepared;
  const line = (day: string, counts: RunCounts) => csvRow([day, ...figureFields(counts, company.hourlyRateCents, company.currency, false)]);
  yield csvRow(dayCsvHeader);
  let total: RunCounts = { ...ZERO };
  // the next day still to be written, and the day being summed (rows of a day are adjacent)
  let nextDay = filter.from;
  let pending: { day: string; counts: RunCounts } | null = null;
  const pages = rollupPages(db, { companyId: company.id, from: filter.from, to: filter.to, workflowId: workflow?.id ?? null }, pageSize);
  for await (const page of pages) {
    let chunk = "";
    for (const row of page) {
      if (pending && pending.day !== row.day) {
        chunk += line(pending.day, pending.counts);
        nextDay = addDays(pending.day, 1);
        pending = null;
      }
      if (!pending) {
        // days without runs are written as zeros, so every day of the range has its line
        for (; nextDay < row.day; nextDay = addDays(nextDay, 1)) chunk += line(nextDay, ZERO);
        pending = { day: row.day, counts: { ...ZERO } };
      }
      pending.counts = addCounts(pending.counts, row);
      total = addCounts(total, row);
    }
    if (chunk) yield chunk;
  }
  let chunk = "";
  if (pending) {
    chunk += line(pending.day, pending.counts);
    nextDay = addDays(pending.day, 1);
  }
  for (; nextDay <= filter.to; nextDay = addDays(nextDay, 1)) chunk += line(nextDay, ZERO);
  yield chunk;
  yield csvRow(["Total", ...figureFields(total, company.hourlyRateCents, company.currency, false)]);
}

function toStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else if (value) controller.enqueue(encoder.encode(value));
      } catch (error) {
        logger.error({ source: "report-csv", err: error }, "CSV export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

/** "nexus-report-workflows-2026-10-22-to-2026-11-20-lead-routing.csv" */
export function reportFilename({
  kind,
  from,
  to,
  workflowName,
}: {
  kind: ReportKind;
  from: string;
  to: string;
  workflowName?: string | null;
}): string {
  const slug = workflowName
    ? workflowName
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, 48)
        .replace(/^-+|-+$/g, "") || "workflow"
    : null;
  return `nexus-report-${kind}-${from}-to-${to}${slug ? `-${slug}` : ""}.csv`;
}

/**
 * The report as a streamed CSV (RFC 4180, formula-neutralised text, a header, one line
 * per workflow or per day, and a totals line), with its download file name. Null outside
 * the scope or for a workflow that is not the company's.
 */
export async function reportCsvStream(
  db: Queryable,
  { kind, pageSize = CSV_PAGE_SIZE, ...filter }: ReportFilter & { kind: ReportKind; pageSize?: number },
): Promise<{ stream: ReadableStream<Uint8Array>; filename: string } | null> {
  const prepared = await prepare(db, filter);
  if (!prepared) return null;
  const lines = kind === "workflows" ? workflowLines(db, prepared, filter, pageSize) : dayLines(db, prepared, filter, pageSize);
  return {
    stream: toStream(lines),
    filename: reportFilename({ kind, from: filter.from, to: filter.to, workflowName: prepared.workflow?.name }),
  };
}
