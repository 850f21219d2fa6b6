import { FilterForm } from "@/components/ui/filter-form";

export type AuditFilterValues = { actor?: string; action?: string; company?: string; from?: string; to?: string };

/** The audit log's filters (components/ui/filter-form.tsx); applying starts from the newest entry. */
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
    <FilterForm
      action="/admin/audit"
      label="Filter the audit log"
      values={values}
      hint="Dates are UTC days and include both ends."
      fields={[
        { kind: "search", name: "actor", label: "Actor", placeholder: "Email contains…", maxLength: 254 },
        { kind: "select", name: "action", label: "Action", allLabel: "All actions", options: actionOptions.map((action) => ({ value: action, label: action })) },
        { kind: "select", name: "company", label: "Company", allLabel: "All companies", options: companies.map((company) => ({ value: company.id, label: company.name })) },
        { kind: "date", name: "from", label: "From" },
        { kind: "date", name: "to", label: "To" },
      ]}
    />
  );
}
