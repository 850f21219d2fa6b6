"use client";

import { useId } from "react";
import type { RoiWorkflow } from "@/db/queries/roi";
import { StatusBadge } from "@/components/ui/status-badge";
import { tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";
import { useNumberFormats } from "./use-number-format";

export type RoiBreakdownWorkflow = Pick<
  RoiWorkflow,
  "id" | "name" | "status" | "runs" | "successRatePercent" | "hoursSaved" | "moneySavedCents"
>;

/** What each workflow was worth over the range, most money saved first. */
export function RoiBreakdown({
  workflows,
  currency,
  periodLabel,
}: {
  workflows: RoiBreakdownWorkflow[];
  currency: string;
  periodLabel: string;
}) {
  const headingId = useId();
  const formats = useNumberFormats(currency);
  const most = Math.max(0, ...workflows.map((workflow) => workflow.moneySavedCents));
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div>
        <h2 id={headingId} className="text-base font-semibold text-gray-900">
          By workflow
        </h2>
        <p className="mt-1 text-sm text-gray-600">What each automation saved you, most first.</p>
      </div>
      {workflows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-gray-300 bg-white px-4 py-6 text-sm text-gray-600">
          No workflow ran in these days.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-gray-200 text-left text-sm" data-testid="roi-breakdown">
            <caption className="sr-only">{`Runs, success rate, hours saved and money saved by workflow, ${periodLabel}`}</caption>
            <thead className={tableHeadClass}>
              <tr>
                <th scope="col" className={tableHeaderCellClass}>
                  Workflow
                </th>
                <th scope="col" className={`${tableHeaderCellClass} text-right`}>
                  Runs
                </th>
                <th scope="col" className={`${tableHeaderCellClass} text-right`}>
                  Success rate
                </th>
                <th scope="col" className={`${tableHeaderCellClass} text-right`}>
                  Hours saved
                </th>
                <th scope="col" className={`${tableHeaderCellClass} text-right`}>
                  Money saved
                </th>
              </tr>
            </thead>
            <tbody className={tableBodyClass}>
              {workflows.map((workflow) => (
                <tr key={workflow.id} data-workflow-id={workflow.id}>
                  <th scope="row" className={`${tableCellClass} font-medium text-gray-900`}>
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="whitespace-normal break-words">{workflow.name}</span>
                      {workflow.status !== "active" ? <StatusBadge status={workflow.status} /> : null}
                    </span>
                    {/* the share of the best workflow's savings; the number in the last column says it */}
                    <span aria-hidden className="mt-1.5 block h-1.5 w-full max-w-48 rounded-full bg-gray-100">
                      <span
                        className="block h-1.5 rounded-full bg-indigo-500"
                        style={{ width: `${most > 0 ? Math.round((workflow.moneySavedCents / most) * 100) : 0}%` }}
                      />
                    </span>
                  </th>
                  <td className={`${tableCellClass} text-right tabular-nums`}>{formats.integer(workflow.runs)}</td>
                  <td className={`${tableCellClass} text-right tabular-nums`}>
                    {workflow.successRatePercent === null ? "–" : formats.percent(workflow.successRatePercent)}
                  </td>
                  <td className={`${tableCellClass} text-right tabular-nums`}>{formats.hours(workflow.hoursSaved)}</td>
                  <td className={`${tableCellClass} text-right tabular-nums`}>{formats.money(workflow.moneySavedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
