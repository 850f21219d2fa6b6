import type { Role } from "@/db/schema";
import { roleLabel } from "@/components/shell/role-label";
import { FilterForm } from "@/components/ui/filter-form";

/** The users list's search and filters (components/ui/filter-form.tsx). */
export function UsersFilters({
  values,
  roles,
  companies,
}: {
  values: { q?: string; role?: Role; status?: "active" | "deactivated"; company?: string };
  roles: readonly Role[];
  companies: readonly { id: string; name: string }[];
}) {
  return (
    <FilterForm
      action="/admin/users"
      label="Filter users"
      values={values}
      fields={[
        { kind: "search", name: "q", label: "Search", placeholder: "Name or email" },
        { kind: "select", name: "role", label: "Role", allLabel: "All roles", options: roles.map((role) => ({ value: role, label: roleLabel(role) })) },
        {
          kind: "select",
          name: "status",
          label: "Status",
          allLabel: "All statuses",
          options: [
            { value: "active", label: "Active" },
            { value: "deactivated", label: "Deactivated" },
          ],
        },
        { kind: "select", name: "company", label: "Company", allLabel: "All companies", options: companies.map((company) => ({ value: company.id, label: company.name })) },
      ]}
    />
  );
}
