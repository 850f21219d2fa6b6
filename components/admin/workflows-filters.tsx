import type { Workflow } from "@/db/schema";
import { FilterForm } from "@/components/ui/filter-form";

/**
 * The workflows list's search and filters (components/ui/filter-form.tsx). Archived
 * workflows show only when the status filter asks for them.
 */
export function WorkflowsFilters({
  values,
  companies,
}: {
  values: { q?: string; status?: Workflow["status"]; company?: string };
  companies: readonly { id: string; name: string }[];
}) {
  return (
    <FilterForm
      action="/admin/workflows"
      label="Filter workflows"
      values={values}
      fields={[
        { kind: "search", name: "q", label: "Search", placeholder: "Workflow name" },
        { kind: "select", name: "company", label: "Company", allLabel: "All companies", options: companies.map((company) => ({ value: company.id, label: company.name })) },
        {
          kind: "select",
          name: "status",
          label: "Status",
          allLabel: "Active and paused",
          options: [
            { value: "active", label: "Active" },
            { value: "paused", label: "Paused" },
            { value: "archived", label: "Archived" },
          ],
        },
      ]}
    />
  );
}
