"use client";

import { AreaChart } from "@tremor/react";
import { useId } from "react";
import type { RoiDay } from "@/db/queries/roi";
import { focusRing } from "@/components/ui/focus-ring";
import { useNumberFormats } from "./use-number-format";

export type RoiTrendDay = Pick<RoiDay, "day" | "runs" | "hoursSaved" | "moneySavedCents">;

/** Hours saved per UTC day over the range, with the numbers as a table for screen readers. */
export function RoiTrendChart({ days, currency, periodLabel }: { days: RoiTrendDay[]; currency: string; periodLabel: string }) {
  const headingId = useId();
  const formats = useNumberFormats(currency);
  const chartData = days.map((day) => ({ date: formats.shortDay(day.day), "Hours saved": day.hoursSaved }));
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-base font-semibold text-gray-900">
        Hours saved per day
      </h2>
      <p className="mt-1 text-sm text-gray-600">{`Each UTC day of ${periodLabel}; days without runs count as zero.`}</p>
      <AreaChart
        className="mt-4 h-72"
        data={chartData}
        index="date"
        categories={["Hours saved"]}
        colors={["indigo"]}
        valueFormatter={(value) => formats.hours(value)}
        yAxisWidth={56}
        showLegend={false}
        showAnimation={false}
      />
      <details className="mt-4">
        <summary className={`cursor-pointer rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}>
          Show the numbers as a table
        </summary>
        <div className="mt-3 max-h-80 overflow-auto">
          <table className="min-w-full divide-y divide-gray-200 text-left text-sm">
            <caption className="sr-only">{`Runs, hours saved and money saved per day, ${periodLabel}`}</caption>
            <thead className="bg-gray-50">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold text-gray-700">
                  Day
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                  Runs
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                  Hours saved
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                  Money saved
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-200">
              {days.map((day) => (
                <tr key={day.day}>
                  <th scope="row" className="px-3 py-1.5 font-normal text-gray-700">
                    <time dateTime={day.day}>{formats.day(day.day)}</time>
                  </th>
                  <td className="px-3 py-1.5 text-right tabular-nums text-gray-700">{formats.integer(day.runs)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums text-gray-700">{formats.hours(day.hoursSaved, 2)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums text-gray-700">{formats.money(day.moneySavedCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
