import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export type AuditFilterValues = { actor?: string; action?: string; company?: string; from?: string; to?: string };

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";
const labelClass = "block text-sm font-medium text-gray-800";

/**
 * The audit log's filters as a plain GET form: the URL holds them, so a filtered view can
 * be bookmarked and shared, and it works without JavaScript. Applying filters starts
 * again from the newest entry (no cursor).
 */
export function AuditFilters({
  values,
  actions,
  companies,
}: {
  values: AuditFilterValues;
  actions: readonly string[];
  companies: readonly { id: string; name: string }[];
}) {
  // A value from the URL that is not among the options still shows as selected.
  const actionOptions = values.action && !actions.includes(values.action) ? [values.action, ...actions] : actions;
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" className="mb-6 rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <div className="space-y-1.5">
          <label htmlFor="audit-actor" className={labelClass}>
            Actor
          </label>
          <input
            id="audit-actor"
            name="actor"
            type="search"
            placeholder="Email contains…"
            defaultValue={values.actor ?? ""}
            maxLength={254}
            className={controlClass}
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="audit-action" className={labelClass}>
            Action
          </label>
          <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={controlClass}>
            <option value="">All actions</option>
            {actionOptions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="audit-company" className={labelClass}>
            Company
          </label>
          <select id="audit-company" name="company" defaultValue={values.company ?? ""} className={controlClass}>
            <option value="">All companies</option>
            {companies.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="audit-from" className={labelClass}>
            From
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} aria-describedby="audit-dates-hint" className={controlClass} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="audit-to" className={labelClass}>
            To
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} aria-describedby="audit-dates-hint" className={controlClass} />
        </div>
      </div>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <p id="audit-dates-hint" className="text-xs text-gray-600">
          Dates are UTC days and include both ends.
        </p>
        <div className="flex gap-2">
          <Link href="/admin/audit" className={buttonClass("secondary")}>
            Clear filters
          </Link>
          <button type="submit" className={buttonClass("primary")}>
            Apply filters
          </button>
        </div>
      </div>
    </form>
  );
}
