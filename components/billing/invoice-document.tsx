import Link from "next/link";
import type { ReactNode } from "react";
import { DescriptionList } from "@/components/ui/description-list";
import { formatBillingMonth, formatCents, formatDay, formatRuns, paymentMethodLabel, type InvoiceState } from "./billing-format";
import { InvoiceStateBadge } from "./invoice-state-badge";

export type InvoiceDocumentData = {
  number: string;
  companyName: string;
  planName: string;
  month: string;
  state: InvoiceState;
  currency: string;
  billableRuns: number;
  includedRuns: number;
  overageRuns: number;
  basePriceCents: number;
  overagePriceCents: number;
  overageCents: number;
  totalCents: number;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
  paymentMethod: string | null;
  paymentReference: string | null;
  voidedAt: Date | null;
  voidReason: string | null;
  replacesInvoiceId: string | null;
  replacesNumber: string | null;
  replacedBy: { id: string; number: string } | null;
};

// The app frame has no print styles of its own: while an invoice is on screen, printing
// leaves out the header, the navigation and every control, so only the invoice is printed.
const printStyles = `@media print {
  body header, body nav, [data-print-hidden] { display: none !important; }
  body main { padding: 0 !important; }
  @page { margin: 16mm; }
}`;

/**
 * One invoice as a document: who is billed, for which month, the lines (base price, and
 * the runs beyond those included times the price per run), the total and its state. It
 * prints cleanly. `locale` formats money and dates (UTC days) for the reader.
 */
export function InvoiceDocument({
  invoice,
  locale,
  invoicesPath,
}: {
  invoice: InvoiceDocumentData;
  locale?: string;
  /** where invoice pages live in the reader's area, for the links between a voided invoice and its replacement */
  invoicesPath: string;
}) {
  const money = (cents: number) => formatCents(cents, invoice.currency, locale);
  const day = (value: Date | null) => (value ? formatDay(value, locale) : "–");
  const month = formatBillingMonth(invoice.month);
  const cell = "px-4 py-3 text-gray-800";
  const amountCell = `${cell} text-right tabular-nums`;

  const link = (id: string, number: string) => (
    <Link href={`${invoicesPath}/${id}`} className="font-mono text-indigo-700 underline-offset-2 hover:underline">
      {number}
    </Link>
  );
  const dates: { term: string; value: ReactNode }[] = [
    { term: "Billed to", value: invoice.companyName },
    { term: "Billing month", value: `${month} (UTC)` },
    { term: "Issued", value: day(invoice.issuedAt) },
    { term: "Due", value: day(invoice.dueAt) },
  ];
  if (invoice.paidAt) {
    dates.push({ term: "Paid", value: day(invoice.paidAt) });
    dates.push({
      term: "Payment",
      value: `${paymentMethodLabel(invoice.paymentMethod)}${invoice.paymentReference ? `, reference ${invoice.paymentReference}` : ""}`,
    });
  }
  if (invoice.voidedAt) {
    dates.push({ term: "Voided", value: day(invoice.voidedAt) });
    dates.push({ term: "Reason", value: invoice.voidReason ?? "" });
  }
  if (invoice.replacedBy) dates.push({ term: "Replaced by", value: link(invoice.replacedBy.id, invoice.replacedBy.number) });
  if (invoice.replacesInvoiceId && invoice.replacesNumber) {
    dates.push({ term: "Replaces", value: link(invoice.replacesInvoiceId, invoice.replacesNumber) });
  }

  return (
    <article aria-labelledby="invoice-title" className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm print:border-0 print:p-0 print:shadow-none">
      <style>{printStyles}</style>
      <div className="flex flex-col gap-3 border-b border-gray-200 pb-5 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-indigo-700">Nexus</p>
          <h1 id="invoice-title" className="mt-1 text-2xl font-semibold tracking-tight text-gray-900">
            Invoice <span className="font-mono">{invoice.number}</span>
          </h1>
          <p className="mt-1 text-sm text-gray-600">{`${invoice.planName} plan, ${month}`}</p>
        </div>
        <div className="flex items-center gap-2 text-sm text-gray-700">
          <span>State:</span>
          <InvoiceStateBadge state={invoice.state} />
        </div>
      </div>

      <div className="py-5">
        <DescriptionList items={dates} />
      </div>

      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-gray-200 text-left text-sm">
          <caption className="sr-only">{`Lines of invoice ${invoice.number}`}</caption>
          <thead className="bg-gray-50 print:bg-transparent">
            <tr>
              <th scope="col" className="px-4 py-3 text-xs font-semibold uppercase tracking-wide text-gray-700">
                Description
              </th>
              <th scope="col" className="px-4 py-3 text-right text-xs font-semibold uppercase tracking-wide text-gray-700">
                Quantity
              </th>
              <th scope="col" className="px-4 py-3 text-right text-xs font-semibold uppercase tracking-wide text-gray-700">
                Unit price
              </th>
              <th scope="col" className="px-4 py-3 text-right text-xs font-semibold uppercase tracking-wide text-gray-700">
                Amount
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-200">
            <tr>
              <th scope="row" className={`${cell} font-normal`}>
                {`${invoice.planName} plan, base price for ${month}`}
                <span className="block text-xs text-gray-600">{`Includes ${formatRuns(invoice.includedRuns, locale)} runs`}</span>
              </th>
              <td className={amountCell}>1</td>
              <td className={amountCell}>{money(invoice.basePriceCents)}</td>
              <td className={amountCell}>{money(invoice.basePriceCents)}</td>
            </tr>
            <tr>
              <th scope="row" className={`${cell} font-normal`}>
                Runs beyond those included
                <span className="block text-xs text-gray-600">
                  {`${formatRuns(invoice.billableRuns, locale)} billable runs − ${formatRuns(invoice.includedRuns, locale)} included = ${formatRuns(invoice.overageRuns, locale)} extra`}
                </span>
              </th>
              <td className={amountCell}>{formatRuns(invoice.overageRuns, locale)}</td>
              <td className={amountCell}>{money(invoice.overagePriceCents)}</td>
              <td className={amountCell}>{money(invoice.overageCents)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-gray-300">
              <th scope="row" colSpan={3} className="px-4 py-3 text-right font-semibold text-gray-900">
                Total
              </th>
              <td className="px-4 py-3 text-right text-base font-semibold tabular-nums text-gray-900" data-testid="invoice-total">
                {money(invoice.totalCents)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>

      <p className="mt-5 text-xs text-gray-600">
        Billable runs are the succeeded and failed runs started in the month (UTC); running and cancelled runs are not billed.
        {invoice.state === "overdue" ? " This invoice is past its due date." : ""}
      </p>
    </article>
  );
}
