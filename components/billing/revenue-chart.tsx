"use client";

import { BarChart } from "@tremor/react";
import { useId } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { ChartLegend } from "@/components/ui/chart-legend";
import { formatCents } from "./billing-format";

const shortMonth = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const longMonth = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

function monthDate(month: string): Date {
  return new Date(`${month}T00:00:00Z`);
}

/**
 * Paid and outstanding invoice totals per billed month, stacked, with the same figures as
 * a table for screen readers and anyone who wants the exact amounts.
 */
export function RevenueChart({
  months,
  currency,
}: {
  /** oldest first; "YYYY-MM-01" and integer cents */
  months: { month: string; paidCents: number; outstandingCents: number }[];
  currency: string;
}) {
  const headingId = useId();
  // the chart draws in the major unit; the labels and the table use exact cents
  const data = months.map((month) => ({
    month: shortMonth.format(monthDate(month.month)),
    Paid: month.paidCents / 100,
    Outstanding: month.outstandingCents / 100,
  }));
  const paid = months.reduce((sum, month) => sum + month.paidCents, 0);
  const outstanding = months.reduce((sum, month) => sum + month.outstandingCents, 0);
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className="text-sm font-semibold text-gray-900">
        Invoiced revenue by billed month, last 12 months ({currency})
      </h3>
      <p className="mt-1 text-sm text-gray-600">
        {`Paid ${formatCents(paid, currency)}, outstanding ${formatCents(outstanding, currency)}. Outstanding means open invoices, overdue ones included; void invoices are left out.`}
      </p>
      <div className="mt-4">
        <ChartLegend items={[{ label: "Paid", color: "emerald" }, { label: "Outstanding", color: "amber" }]} />
      </div>
      <BarChart
        className="mt-2 h-72"
        data={data}
        index="month"
        categories={["Paid", "Outstanding"]}
        colors={["emerald", "amber"]}
        stack
        valueFormatter={(value: number) => formatCents(Math.round(value * 100), currency)}
        yAxisWidth={88}
        showAnimation={false}
        showLegend={false}
      />
      <details className="mt-4">
        <summary className={`cursor-pointer rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}>
          Show the numbers as a table
        </summary>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full divide-y divide-gray-200 text-left text-sm" data-testid="revenue-table">
            <caption className="sr-only">Paid and outstanding invoice totals by billed month</caption>
            <thead className="bg-gray-50">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold text-gray-700">
                  Month
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                  Paid
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold text-gray-700">
                  Outstanding
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-200">
              {months.map((month) => (
                <tr key={month.month}>
                  <th scope="row" className="px-3 py-2 font-normal text-gray-800">
                    {longMonth.format(monthDate(month.month))}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums text-gray-800">{formatCents(month.paidCents, currency)}</td>
                  <td className="px-3 py-2 text-right tabular-nums text-gray-800">
                    {formatCents(month.outstandingCents, currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
