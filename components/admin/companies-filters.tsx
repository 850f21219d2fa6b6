import Form from "next/form";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/form";

/** The list's search and status filter: a GET form, so the filters live in the URL. */
export function CompaniesFilters({
  search,
  status,
  statusOptions,
}: {
  search: string;
  status: string;
  statusOptions: readonly { value: string; label: string }[];
}) {
  const filtered = search !== "" || status !== "";
  return (
    <Form
      action="/admin/companies"
      role="search"
      aria-label="Filter companies"
      className="mb-4 grid gap-3 rounded-lg border border-gray-200 bg-white p-4 shadow-sm sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-end"
    >
      <TextField label="Search" name="q" type="search" defaultValue={search} placeholder="Company name" maxLength={100} result={null} />
      <SelectField
        label="Status"
        name="status"
        defaultValue={status}
        options={[{ value: "", label: "All statuses" }, ...statusOptions]}
        result={null}
      />
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        {filtered ? (
          <Link href="/admin/companies" className={buttonClass("secondary")}>
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
