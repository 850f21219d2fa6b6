import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { formatBillingMonth, formatCents, formatDay, type InvoiceState } from "./billing-format";
import { InvoiceStateBadge } from "./invoice-state-badge";

export type InvoiceRow = {
  id: string;
  number: string;
  companyName?: string;
  month: string;
  state: InvoiceState;
  currency: string;
  totalCents: number;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
};

/**
 * Invoices, each linking to its page under `hrefBase`. The company column is for staff;
 * `locale` formats money and dates for a client in their own locale (dates are UTC days).
 */
export function InvoicesTable({
  caption,
  invoices,
  hrefBase,
  showCompany,
  locale,
}: {
  caption: string;
  invoices: InvoiceRow[];
  hrefBase: string;
  showCompany: boolean;
  locale?: string;
}) {
  const right = `${tableCellClass} text-right tabular-nums`;
  return (
    <Table caption={caption} columns={["Invoice", showCompany ? "Company" : null, "Month", { label: "Total", align: "right" }, "State", "Issued", "Due", "Paid"]}>
      <tbody className={tableBodyClass}>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link
                prefetch={false}
                href={`${hrefBase}/${invoice.id}`}
                className={`rounded-sm font-mono text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
              >
                {invoice.number}
              </Link>
            </th>
            {showCompany ? <td className={tableCellClass}>{invoice.companyName}</td> : null}
            <td className={tableCellClass}>{formatBillingMonth(invoice.month)}</td>
            <td className={right}>{formatCents(invoice.totalCents, invoice.currency, locale)}</td>
            <td className={tableCellClass}>
              <InvoiceStateBadge state={invoice.state} />
            </td>
            <td className={tableCellClass}>{invoice.issuedAt ? formatDay(invoice.issuedAt, locale) : "–"}</td>
            <td className={tableCellClass}>{invoice.dueAt ? formatDay(invoice.dueAt, locale) : "–"}</td>
            <td className={tableCellClass}>{invoice.paidAt ? formatDay(invoice.paidAt, locale) : "–"}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
