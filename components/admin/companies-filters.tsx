import { FilterForm } from "@/components/ui/filter-form";

/** The companies list's search and status filter (components/ui/filter-form.tsx). */
export function CompaniesFilters({
  search,
  status,
  statusOptions,
}: {
  search: string;
  status: string;
  statusOptions: readonly { value: string; label: string }[];
}) {
  return (
    <FilterForm
      action="/admin/companies"
      label="Filter companies"
      values={{ q: search, status }}
      fields={[
        { kind: "search", name: "q", label: "Search", placeholder: "Company name" },
        { kind: "select", name: "status", label: "Status", allLabel: "All statuses", options: statusOptions },
      ]}
    />
  );
}
