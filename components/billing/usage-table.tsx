import Link from "next/link";
import type { CompanyUsage } from "@/db/queries/billing";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { formatCents, formatRuns, type InvoiceState } from "./billing-format";
import { InvoiceStateBadge } from "./invoice-state-badge";

export type UsageRow = {
  companyId: string;
  companyName: string;
  planName: string | null;
  billableRuns: number;
  includedRuns: number | null;
  overageRuns: number | null;
  totalCents: number | null;
  currency: string;
  /** the month in progress: the amount it ends with at its current pace */
  projectedCents: number | null;
  projectedRuns: number | null;
  /** the figures above are the issued invoice's */
  invoiced: boolean;
  invoice: { id: string; number: string; state: InvoiceState } | null;
};

/** A usage query row as the table shows it: an invoiced month shows the invoice's figures. */
export function toUsageRow(row: CompanyUsage, fallbackCurrency: string): UsageRow {
  return {
    companyId: row.companyId,
    companyName: row.companyName,
    planName: row.invoice?.planName ?? row.plan?.name ?? null,
    billableRuns: row.invoice?.billableRuns ?? row.billableRuns,
    includedRuns: row.invoice?.includedRuns ?? row.amounts?.includedRuns ?? null,
    overageRuns: row.invoice?.overageRuns ?? row.amounts?.overageRuns ?? null,
    totalCents: row.invoice?.totalCents ?? row.amounts?.totalCents ?? null,
    currency: row.invoice?.currency ?? row.plan?.currency ?? fallbackCurrency,
    projectedCents: row.projected?.amounts.totalCents ?? null,
    projectedRuns: row.projected?.billableRuns ?? null,
    invoiced: row.invoice !== null,
    invoice: row.invoice ? { id: row.invoice.id, number: row.invoice.number, state: row.invoice.state } : null,
  };
}

const dash = <span className="text-gray-500">–</span>;

/** Usage per company for one month; an invoiced month shows the invoice's own figures. */
export function UsageTable({ caption, rows, inProgress }: { caption: string; rows: UsageRow[]; inProgress: boolean }) {
  const right = `${tableCellClass} text-right tabular-nums`;
  return (
    <Table caption={caption} columns={["Company", "Plan", { label: "Billable runs", align: "right" }, { label: "Included", align: "right" }, { label: "Overage runs", align: "right" }, { label: inProgress ? "Amount so far" : "Amount", align: "right" }, inProgress ? { label: "Projected for the month", align: "right" } : null, "Invoice"]}>
      <tbody className={tableBodyClass}>
        {rows.map((row) => (
          <tr key={row.companyId}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link
                prefetch={false}
                href={`/admin/companies/${row.companyId}`}
                className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
              >
                {row.companyName}
              </Link>
            </th>
            <td className={tableCellClass}>{row.planName ?? <span className="text-gray-600">No plan</span>}</td>
            <td className={right}>{formatRuns(row.billableRuns)}</td>
            <td className={right}>{row.includedRuns === null ? dash : formatRuns(row.includedRuns)}</td>
            <td className={right}>{row.overageRuns === null ? dash : formatRuns(row.overageRuns)}</td>
            <td className={right}>{row.totalCents === null ? dash : formatCents(row.totalCents, row.currency)}</td>
            {inProgress ? (
              <td className={right}>
                {row.projectedCents === null ? (
                  dash
                ) : (
                  <>
                    {formatCents(row.projectedCents, row.currency)}
                    <span className="block text-xs text-gray-600">{`${formatRuns(row.projectedRuns ?? 0)} runs`}</span>
                  </>
                )}
              </td>
            ) : null}
            <td className={tableCellClass}>
              {row.invoice ? (
                <span className="flex items-center gap-2">
                  <InvoiceStateBadge state={row.invoice.state} />
                  <Link
                    prefetch={false}
                    href={`/admin/billing/invoices/${row.invoice.id}`}
                    className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                  >
                    {row.invoice.number}
                  </Link>
                </span>
              ) : (
                <span className="text-gray-600">Not issued</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
