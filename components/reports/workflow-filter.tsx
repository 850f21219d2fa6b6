import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { CompanyWorkflow } from "@/db/queries/roi";

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";

/** The report's workflow filter: a GET form that keeps the date range. */
export function WorkflowFilter({
  workflows,
  selected,
  rangeParams,
  clearHref,
}: {
  workflows: CompanyWorkflow[];
  selected: string | null;
  /** the range's query parameters, kept as hidden fields */
  rangeParams: Record<string, string>;
  /** the report without the workflow filter */
  clearHref: string;
}) {
  return (
    <form
      method="get"
      action="/reports"
      role="search"
      aria-label="Workflow filter"
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-4 shadow-sm print:hidden"
    >
      {Object.entries(rangeParams).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="min-w-64 flex-1 space-y-1.5 sm:max-w-sm">
        <label htmlFor="report-workflow" className="block text-sm font-medium text-gray-800">
          Workflow
        </label>
        <select id="report-workflow" name="workflow" defaultValue={selected ?? ""} className={controlClass}>
          <option value="">All workflows</option>
          {workflows.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.status === "archived" ? `${workflow.name} (archived)` : workflow.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")}>
        Apply
      </button>
      {selected ? (
        <Link prefetch={false} href={clearHref} className={buttonClass("secondary")}>
          All workflows
        </Link>
      ) : null}
    </form>
  );
}
