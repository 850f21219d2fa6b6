import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";

/**
 * The invoice list's filters as a plain GET form (state, company), keeping the usage
 * month in a hidden field; applying starts again from the first page.
 */
export function InvoiceFilters({
  action,
  state,
  company,
  month,
  states,
  companies,
}: {
  action: string;
  state: string;
  company: string;
  /** the usage month to keep, "YYYY-MM", or "" */
  month: string;
  states: readonly { value: string; label: string }[];
  companies: readonly { id: string; name: string }[];
}) {
  const filtered = state !== "" || company !== "";
  return (
    <form method="get" action={action} role="search" aria-label="Filter the invoices" className="mb-4 flex flex-wrap items-end gap-3">
      {month ? <input type="hidden" name="month" value={month} /> : null}
      <div className="min-w-40 space-y-1.5">
        <label htmlFor="invoice-state" className="block text-sm font-medium text-gray-800">
          State
        </label>
        <select id="invoice-state" name="state" defaultValue={state} className={controlClass}>
          <option value="">All states</option>
          {states.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="min-w-52 space-y-1.5">
        <label htmlFor="invoice-company" className="block text-sm font-medium text-gray-800">
          Company
        </label>
        <select id="invoice-company" name="company" defaultValue={company} className={controlClass}>
          <option value="">All companies</option>
          {companies.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        Apply filters
      </button>
      {filtered ? (
        <Link href={month ? `${action}?month=${month}` : action} className={buttonClass("secondary")}>
          Clear
        </Link>
      ) : null}
    </form>
  );
}
