import { invoiceStateLabels, type InvoiceState } from "./billing-format";

// The word always says the state; the colour and the icon-like dot only repeat it.
const tones: Record<InvoiceState, string> = {
  draft: "bg-gray-100 text-gray-800 ring-gray-500/20",
  open: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
  overdue: "bg-rose-50 text-rose-800 ring-rose-600/30",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  void: "bg-gray-100 text-gray-700 ring-gray-500/20",
};

const dots: Record<InvoiceState, string> = {
  draft: "bg-gray-500",
  open: "bg-indigo-600",
  overdue: "bg-rose-600",
  paid: "bg-emerald-600",
  void: "bg-gray-500",
};

export function InvoiceStateBadge({ state }: { state: InvoiceState }) {
  return (
    <span
      data-testid="invoice-state"
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset print:ring-0 ${tones[state]}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${dots[state]}`} />
      {invoiceStateLabels[state]}
    </span>
  );
}
