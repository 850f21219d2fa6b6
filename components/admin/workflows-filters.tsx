import Link from "next/link";
import type { Workflow } from "@/db/schema";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";
const labelClass = "block text-sm font-medium text-gray-800";

const statusOptions = [
  { value: "", label: "Active and paused" },
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "archived", label: "Archived" },
] as const;

/**
 * The list's search and filters as a plain GET form: the server filters, the URL holds the
 * view (shareable, reloadable), and applying filters starts again at page 1. Archived
 * workflows show only when the status filter asks for them.
 */
export function WorkflowsFilters({
  values,
  companies,
}: {
  values: { q?: string; status?: Workflow["status"]; company?: string };
  companies: readonly { id: string; name: string }[];
}) {
  const filtered = Boolean(values.q || values.status || values.company);
  return (
    <form
      method="get"
      action="/admin/workflows"
      role="search"
      aria-label="Workflows"
      className="mb-6 grid gap-4 rounded-lg border border-gray-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_auto] lg:items-end"
    >
      <div className="space-y-1.5">
        <label htmlFor="workflows-search" className={labelClass}>
          Search
        </label>
        <input
          id="workflows-search"
          type="search"
          name="q"
          defaultValue={values.q ?? ""}
          maxLength={100}
          placeholder="Workflow name"
          className={controlClass}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="workflows-company" className={labelClass}>
          Company
        </label>
        <select id="workflows-company" name="company" defaultValue={values.company ?? ""} className={controlClass}>
          <option value="">Any company</option>
          {companies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="workflows-status" className={labelClass}>
          Status
        </label>
        <select id="workflows-status" name="status" defaultValue={values.status ?? ""} className={controlClass}>
          {statusOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        {filtered ? (
          <Link
            href="/admin/workflows"
            className={`rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
          >
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
