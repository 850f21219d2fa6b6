import { buttonClass } from "@/components/ui/button";

/**
 * A month as a plain GET form (?month=YYYY-MM): the server reads it, the URL holds it,
 * and it works without JavaScript. Other parameters to keep ride along as hidden fields.
 */
export function MonthPicker({
  action,
  month,
  max,
  keep = {},
}: {
  action: string;
  /** "YYYY-MM" */
  month: string;
  /** the latest month offered, "YYYY-MM" */
  max: string;
  keep?: Record<string, string | undefined>;
}) {
  return (
    <form method="get" action={action} aria-label="Choose the usage month" className="flex flex-wrap items-end gap-3">
      <div className="space-y-1.5">
        <label htmlFor="usage-month" className="block text-sm font-medium text-gray-800">
          Month (UTC)
        </label>
        <input
          id="usage-month"
          name="month"
          type="month"
          defaultValue={month}
          max={max}
          min="2000-01"
          required
          className="block rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30"
        />
      </div>
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <button type="submit" className={buttonClass("secondary")}>
        Show month
      </button>
    </form>
  );
}
