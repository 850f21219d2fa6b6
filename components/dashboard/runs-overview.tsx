"use client";

import { Card, Metric, Text } from "@tremor/react";
import { useId } from "react";
import { RunsTrendChart } from "./runs-trend-chart";

export type RunsOverviewData = {
  totals: { runs: number; succeeded: number; failed: number; minutesSaved: number };
  /** oldest first, one entry per UTC day ("YYYY-MM-DD") of the window */
  days: { day: string; succeeded: number; failed: number }[];
};

const integer = new Intl.NumberFormat("en-US");
const hours = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

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
  const finished = totals.succeeded + totals.failed;
  const successRate = finished > 0 ? percent.format(totals.succeeded / finished) : "–";

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

      <RunsTrendChart days={data.days} emptyText={emptyText} />
    </div>
  );
}
