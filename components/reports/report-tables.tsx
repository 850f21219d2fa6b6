"use client";

import type { ReactNode } from "react";
import type { RoiDay, RoiWorkflow } from "@/db/queries/roi";
import type { ReportTotals } from "@/db/queries/reports";
import { tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";
import { useNumberFormats, type NumberFormats } from "@/components/roi/use-number-format";

export type ReportWorkflowRow = Pick<
  RoiWorkflow,
  "id" | "name" | "status" | "runs" | "succeeded" | "failed" | "successRatePercent" | "hoursSaved" | "moneySavedCents"
>;
export type ReportDayRow = Pick<RoiDay, "day" | "runs" | "succeeded" | "failed" | "hoursSaved" | "moneySavedCents">;

const numberCell = `${tableCellClass} text-right tabular-nums`;
const totalCell = "whitespace-nowrap px-4 py-3 text-right font-semibold tabular-nums text-gray-900";

function Frame({ caption, testId, children }: { caption: string; testId: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm print:overflow-visible print:border-0 print:shadow-none">
      <table className="min-w-full divide-y divide-gray-200 text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

function HeaderCells({ labels }: { labels: string[] }) {
  return (
    <>
      {labels.map((label) => (
        <th key={label} scope="col" className={`${tableHeaderCellClass} text-right`}>
          {label}
        </th>
      ))}
    </>
  );
}

function rate(formats: NumberFormats, value: number | null): string {
  return value === null ? "–" : formats.percent(value);
}

/** Runs and savings per workflow, with the totals row; the CSV export has the same figures. */
export function ReportWorkflowTable({
  rows,
  totals,
  currency,
  caption,
}: {
  rows: ReportWorkflowRow[];
  totals: ReportTotals;
  currency: string;
  caption: string;
}) {
  const formats = useNumberFormats(currency);
  return (
    <Frame caption={caption} testId="report-workflows">
      <thead className={tableHeadClass}>
        <tr>
          <th scope="col" className={tableHeaderCellClass}>
            Workflow
          </th>
          <HeaderCells labels={["Runs", "Succeeded", "Failed", "Success rate", "Hours saved", "Money saved"]} />
        </tr>
      </thead>
      <tbody className={tableBodyClass}>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={7} className={`${tableCellClass} text-gray-600`}>
              No workflows to report.
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.id} data-workflow-id={row.id}>
              <th scope="row" className={`${tableCellClass} whitespace-normal break-words font-medium text-gray-900`}>
                {row.status === "archived" ? `${row.name} (archived)` : row.name}
              </th>
              <td className={numberCell}>{formats.integer(row.runs)}</td>
              <td className={numberCell}>{formats.integer(row.succeeded)}</td>
              <td className={numberCell}>{formats.integer(row.failed)}</td>
              <td className={numberCell}>{rate(formats, row.successRatePercent)}</td>
              <td className={numberCell}>{formats.hours(row.hoursSaved, 2)}</td>
              <td className={numberCell}>{formats.money(row.moneySavedCents)}</td>
            </tr>
          ))
        )}
      </tbody>
      <tfoot className="border-t-2 border-gray-300 bg-gray-50">
        <tr data-testid="report-total">
          <th scope="row" className="px-4 py-3 text-left font-semibold text-gray-900">
            Total
          </th>
          <td className={totalCell}>{formats.integer(totals.runs)}</td>
          <td className={totalCell}>{formats.integer(totals.succeeded)}</td>
          <td className={totalCell}>{formats.integer(totals.failed)}</td>
          <td className={totalCell}>{rate(formats, totals.successRatePercent)}</td>
          <td className={totalCell}>{formats.hours(totals.hoursSaved, 2)}</td>
          <td className={totalCell}>{formats.money(totals.moneySavedCents)}</td>
        </tr>
      </tfoot>
    </Frame>
  );
}

/** Runs and savings per UTC day, every day of the range, with the totals row. */
export function ReportDayTable({
  rows,
  totals,
  currency,
  caption,
}: {
  rows: ReportDayRow[];
  totals: ReportTotals;
  currency: string;
  caption: string;
}) {
  const formats = useNumberFormats(currency);
  return (
    <Frame caption={caption} testId="report-days">
      <thead className={tableHeadClass}>
        <tr>
          <th scope="col" className={tableHeaderCellClass}>
            Day (UTC)
          </th>
          <HeaderCells labels={["Runs", "Succeeded", "Failed", "Hours saved", "Money saved"]} />
        </tr>
      </thead>
      <tbody className={tableBodyClass}>
        {rows.map((row) => (
          <tr key={row.day} data-day={row.day}>
            <th scope="row" className={`${tableCellClass} font-normal`}>
              <time dateTime={row.day}>{formats.day(row.day)}</time>
            </th>
            <td className={numberCell}>{formats.integer(row.runs)}</td>
            <td className={numberCell}>{formats.integer(row.succeeded)}</td>
            <td className={numberCell}>{formats.integer(row.failed)}</td>
            <td className={numberCell}>{formats.hours(row.hoursSaved, 2)}</td>
            <td className={numberCell}>{formats.money(row.moneySavedCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot className="border-t-2 border-gray-300 bg-gray-50">
        <tr data-testid="report-total">
          <th scope="row" className="px-4 py-3 text-left font-semibold text-gray-900">
            Total
          </th>
          <td className={totalCell}>{formats.integer(totals.runs)}</td>
          <td className={totalCell}>{formats.integer(totals.succeeded)}</td>
          <td className={totalCell}>{formats.integer(totals.failed)}</td>
          <td className={totalCell}>{formats.hours(totals.hoursSaved, 2)}</td>
          <td className={totalCell}>{formats.money(totals.moneySavedCents)}</td>
        </tr>
      </tfoot>
    </Frame>
  );
}

/** The one-page summary printed above the tables: company, range, filter and totals. */
export function ReportPrintSummary({
  companyName,
  period,
  workflowLabel,
  totals,
  currency,
}: {
  companyName: string;
  period: string;
  workflowLabel: string;
  totals: ReportTotals;
  currency: string;
}) {
  const formats = useNumberFormats(currency);
  const items = [
    { term: "Runs", value: formats.integer(totals.runs) },
    { term: "Succeeded", value: formats.integer(totals.succeeded) },
    { term: "Failed", value: formats.integer(totals.failed) },
    { term: "Success rate", value: rate(formats, totals.successRatePercent) },
    { term: "Hours saved", value: formats.hours(totals.hoursSaved, 2) },
    { term: "Money saved", value: formats.money(totals.moneySavedCents) },
  ];
  return (
    <div className="mb-6 hidden print:block" data-testid="report-print-summary">
      <p className="text-sm font-semibold uppercase tracking-wide text-gray-600">Nexus report</p>
      <h1 className="mt-1 text-2xl font-semibold text-gray-900">{companyName}</h1>
      <p className="mt-1 text-sm text-gray-700">{`${period} (UTC days) · ${workflowLabel}`}</p>
      <dl className="mt-6 grid grid-cols-3 gap-4">
        {items.map((item) => (
          <div key={item.term} className="rounded-md border border-gray-300 p-3">
            <dt className="text-xs font-medium uppercase tracking-wide text-gray-600">{item.term}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums text-gray-900">{item.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
