"use client";

import { AreaChart } from "@tremor/react";
import { Activity } from "lucide-react";
import { useId } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ChartLegend } from "@/components/ui/chart-legend";
import { focusRing } from "@/components/ui/focus-ring";

const integer = new Intl.NumberFormat("en-US");
const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const fullDayLabel = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function formatInteger(value: number): string {
  return integer.format(value);
}

/** Succeeded and failed runs per UTC day, with the numbers as a table for screen readers. */
export function RunsTrendChart({
  days,
  emptyText,
}: {
  /** oldest first, one entry per UTC day ("YYYY-MM-DD") of the window */
  days: { day: string; succeeded: number; failed: number }[];
  emptyText: string;
}) {
  const chartHeadingId = useId();
  const runs = days.reduce((sum, day) => sum + day.succeeded + day.failed, 0);
  const chartData = days.map((day) => ({
    date: dayLabel.format(parseDay(day.day)),
    Succeeded: day.succeeded,
    Failed: day.failed,
  }));
  return (
    <section aria-labelledby={chartHeadingId} className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={chartHeadingId} className="text-base font-semibold text-gray-900">
        Runs per day, last 30 days
      </h2>
      {runs === 0 ? (
        <div className="mt-4">
          <EmptyState
            icon={Activity}
            headingLevel={3}
            title="No runs in the last 30 days"
            text={emptyText}
          />
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-gray-600">Succeeded and failed runs per UTC day.</p>
          <div className="mt-4">
            <ChartLegend items={[{ label: "Succeeded", color: "emerald" }, { label: "Failed", color: "rose" }]} />
          </div>
          <AreaChart
            className="mt-2 h-72"
            data={chartData}
            index="date"
            categories={["Succeeded", "Failed"]}
            colors={["emerald", "rose"]}
            valueFormatter={formatInteger}
            yAxisWidth={56}
            showAnimation={false}
            showLegend={false}
          />
          <details className="mt-4">
            <summary className={`cursor-pointer rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}>
              Show the numbers as a table
            </summary>
            <div className="mt-3 max-h-80 overflow-auto">
              <table className="min-w-full divide-y divide-gray-200 text-left text-sm">
                <caption className="sr-only">Succeeded and failed runs per day, last 30 days</caption>
                <thead className="bg-gray-50">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-semibold text-gray-700">
                      Day
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                      Succeeded
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                      Failed
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-200">
                  {days.map((day) => (
                    <tr key={day.day}>
                      <th scope="row" className="px-3 py-1.5 font-normal text-gray-700">
                        <time dateTime={day.day}>{fullDayLabel.format(parseDay(day.day))}</time>
                      </th>
                      <td className="px-3 py-1.5 text-right tabular-nums text-gray-700">{formatInteger(day.succeeded)}</td>
                      <td className="px-3 py-1.5 text-right tabular-nums text-gray-700">{formatInteger(day.failed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
