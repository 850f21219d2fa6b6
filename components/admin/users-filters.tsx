import Link from "next/link";
import type { Role } from "@/db/schema";
import { roleLabel } from "@/components/shell/role-label";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";
const labelClass = "block text-sm font-medium text-gray-800";

/**
 * The list's search and filters as a plain GET form: the server filters, the URL holds the
 * view (shareable, reloadable), and applying filters starts again at page 1.
 */
export function UsersFilters({
  values,
  roles,
  companies,
}: {
  values: { q?: string; role?: Role; status?: "active" | "deactivated"; company?: string };
  roles: readonly Role[];
  companies: readonly { id: string; name: string }[];
}) {
  const filtered = Boolean(values.q || values.role || values.status || values.company);
  return (
    <form
      method="get"
      action="/admin/users"
      role="search"
      className="mb-6 grid gap-4 rounded-lg border border-gray-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1.5fr_auto] lg:items-end"
    >
      <div className="space-y-1.5">
        <label htmlFor="users-search" className={labelClass}>
          Search
        </label>
        <input
          id="users-search"
          type="search"
          name="q"
          defaultValue={values.q ?? ""}
          maxLength={100}
          placeholder="Name or email"
          className={controlClass}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="users-role" className={labelClass}>
          Role
        </label>
        <select id="users-role" name="role" defaultValue={values.role ?? ""} className={controlClass}>
          <option value="">Any role</option>
          {roles.map((role) => (
            <option key={role} value={role}>
              {roleLabel(role)}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="users-status" className={labelClass}>
          Status
        </label>
        <select id="users-status" name="status" defaultValue={values.status ?? ""} className={controlClass}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="deactivated">Deactivated</option>
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="users-company" className={labelClass}>
          Company
        </label>
        <select id="users-company" name="company" defaultValue={values.company ?? ""} className={controlClass}>
          <option value="">Any company</option>
          {companies.map((company) => (
            <option key={company.id} value={company.id}>
              {company.name}
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
            href="/admin/users"
            className={`rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
          >
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
