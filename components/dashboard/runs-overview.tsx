"use client";

import { AreaChart, Card, Metric, Text } from "@tremor/react";
import { Activity } from "lucide-react";
import { useId } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";

export type RunsOverviewData = {
  totals: { runs: number; succeeded: number; failed: number; minutesSaved: number };
  /** oldest first, one entry per UTC day ("YYYY-MM-DD") of the window */
  days: { day: string; succeeded: number; failed: number }[];
};

const integer = new Intl.NumberFormat("en-US");
const hours = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });
const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const fullDayLabel = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function formatInteger(value: number): string {
  return integer.format(value);
}

/**
 * The three run KPIs and the runs-per-day chart of a dashboard. The numbers come from the
 * server (db/queries/dashboard.ts); this only formats and draws them.
 */
export function RunsOverview({ data, emptyText }: { data: RunsOverviewData; emptyText: string }) {
  const { totals } = data;
  const kpiHeadingId = useId();
  const chartHeadingId = useId();
  const finished = totals.succeeded + totals.failed;
  const successRate = finished > 0 ? percent.format(totals.succeeded / finished) : "–";
  const chartData = data.days.map((day) => ({
    date: dayLabel.format(parseDay(day.day)),
    Succeeded: day.succeeded,
    Failed: day.failed,
  }));

  return (
    <div className="space-y-6">
      <section aria-labelledby={kpiHeadingId}>
        <h2 id={kpiHeadingId} className="sr-only">
          Key figures, last 30 days
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          <li>
            <Card decoration="top" decorationColor="indigo" className="h-full">
              <Text>Runs, last 30 days</Text>
              <Metric>{formatInteger(totals.runs)}</Metric>
              <Text className="mt-2">All runs started, whatever their outcome</Text>
            </Card>
          </li>
          <li>
            <Card decoration="top" decorationColor="indigo" className="h-full">
              <Text>Success rate</Text>
              <Metric>{successRate}</Metric>
              <Text className="mt-2">
                {finished > 0
                  ? `${formatInteger(totals.succeeded)} succeeded, ${formatInteger(totals.failed)} failed`
                  : "No finished runs yet"}
              </Text>
            </Card>
          </li>
          <li>
            <Card decoration="top" decorationColor="indigo" className="h-full">
              <Text>Hours saved</Text>
              <Metric>{hours.format(totals.minutesSaved / 60)}</Metric>
              <Text className="mt-2">From the minutes saved by succeeded runs</Text>
            </Card>
          </li>
        </ul>
      </section>

      <section aria-labelledby={chartHeadingId} className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id={chartHeadingId} className="text-base font-semibold text-gray-900">
          Runs per day, last 30 days
        </h2>
        {totals.runs === 0 ? (
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
            <AreaChart
              className="mt-4 h-72"
              data={chartData}
              index="date"
              categories={["Succeeded", "Failed"]}
              colors={["emerald", "rose"]}
              valueFormatter={formatInteger}
              yAxisWidth={56}
              showAnimation={false}
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
                    {data.days.map((day) => (
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
    </div>
  );
}
