import Link from "next/link";
import { buttonClass } from "./button";

export type FilterField =
  | { kind: "search"; name: string; label: string; placeholder?: string; maxLength?: number }
  | { kind: "date"; name: string; label: string }
  | { kind: "select"; name: string; label: string; allLabel: string; options: readonly { value: string; label: string }[] };

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";

/**
 * A list page's filters as a plain GET form: the server filters, the URL holds them, so a
 * filtered view can be shared and reloaded, and it works without JavaScript. Applying
 * starts again from the first page. Every list page uses this one form.
 */
export function FilterForm({
  action,
  label,
  fields,
  values,
  hint,
}: {
  action: string;
  label: string;
  fields: readonly FilterField[];
  values: Record<string, string | undefined>;
  /** a note on how the filters read, e.g. that dates are UTC; announced with the date fields */
  hint?: string;
}) {
  const hintId = hint ? `${action.replaceAll("/", "-")}-filters-hint` : undefined;
  const filtered = fields.some((field) => Boolean(values[field.name]));
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className="mb-6 rounded-lg border border-gray-200 bg-white p-4 shadow-sm"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {fields.map((field) => {
          const id = `filter-${field.name}`;
          return (
            <div key={field.name} className="space-y-1.5">
              <label htmlFor={id} className="block text-sm font-medium text-gray-800">
                {field.label}
              </label>
              {field.kind === "select" ? (
                <select id={id} name={field.name} defaultValue={values[field.name] ?? ""} className={controlClass}>
                  <option value="">{field.allLabel}</option>
                  {field.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  name={field.name}
                  type={field.kind}
                  placeholder={field.kind === "search" ? field.placeholder : undefined}
                  maxLength={field.kind === "search" ? (field.maxLength ?? 100) : undefined}
                  aria-describedby={field.kind === "date" ? hintId : undefined}
                  defaultValue={values[field.name] ?? ""}
                  className={controlClass}
                />
              )}
            </div>
          );
        })}
      </div>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply filters
          </button>
          {filtered ? (
            <Link href={action} className={buttonClass("secondary")}>
              Clear
            </Link>
          ) : null}
        </div>
        {hint ? (
          <p id={hintId} className="text-xs text-gray-600">
            {hint}
          </p>
        ) : null}
      </div>
    </form>
  );
}
