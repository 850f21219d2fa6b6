"use client";

import { Card, Metric, Text } from "@tremor/react";
import type { AdminKpis } from "@/db/queries/admin-dashboard";
import type { RevenueThisMonth } from "@/db/queries/billing";
import { formatCents } from "@/components/billing/billing-format";

const integer = new Intl.NumberFormat("en-US");
const hours = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** The admin dashboard's key figures; computed on the server from rollups. */
export function DashboardKpis({ kpis, revenue }: { kpis: AdminKpis; revenue: RevenueThisMonth }) {
  const finished = kpis.succeeded30d + kpis.failed30d;
  const tiles = [
    { label: "Active clients", value: integer.format(kpis.activeClients), note: "Companies with status active" },
    { label: "Active workflows", value: integer.format(kpis.activeWorkflows), note: "Not paused or archived" },
    { label: "Runs, last 24 hours", value: integer.format(kpis.runs24h), note: "Started in the last 24 hourly buckets" },
    { label: "Runs, last 30 days", value: integer.format(kpis.runs30d), note: "All runs, whatever their outcome" },
    {
      label: "Success rate, 30 days",
      value: finished > 0 ? percent.format(kpis.succeeded30d / finished) : "–",
      note: finished > 0 ? `${integer.format(kpis.succeeded30d)} succeeded, ${integer.format(kpis.failed30d)} failed` : "No finished runs",
    },
    { label: "Hours saved, 30 days", value: hours.format(kpis.minutesSaved30d / 60), note: "Minutes saved by succeeded runs" },
    {
      label: "Revenue this month",
      value: formatCents(revenue.totalCents, revenue.currency),
      note: `${integer.format(revenue.invoiceCount)} ${revenue.invoiceCount === 1 ? "invoice" : "invoices"} paid this month (UTC)`,
    },
  ];
  return (
    <section aria-labelledby="kpi-heading">
      <h2 id="kpi-heading" className="sr-only">
        Key figures
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {tiles.map((tile) => (
          <li key={tile.label}>
            <Card decoration="top" decorationColor="indigo" className="h-full" data-testid={`kpi-${tile.label}`}>
              <Text>{tile.label}</Text>
              <Metric>{tile.value}</Metric>
              <Text className="mt-2">{tile.note}</Text>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
