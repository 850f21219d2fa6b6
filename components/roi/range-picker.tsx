import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { rangePresets, rangeQuery, type DateRange, type RangePreset } from "@/lib/date-range";

const presetLabels: Record<RangePreset, string> = { "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days" };

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** The path with these query parameters (empty ones left out). */
export function hrefWith(basePath: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${basePath}?${query}` : basePath;
}

const controlClass =
  "block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30";

/**
 * The date range of a page, held in the URL so a view can be shared and reloaded: links
 * for the presets and a small GET form for custom days. Works without JavaScript.
 * `preserve` carries the page's other filters (e.g. the workflow) through both.
 */
export function RangePicker({
  basePath,
  range,
  today,
  error,
  preserve = {},
}: {
  basePath: string;
  range: DateRange;
  /** today's UTC day, the latest a custom range may end */
  today: string;
  /** why the URL's range was refused (the default range is shown instead) */
  error?: string | null;
  preserve?: Record<string, string | null | undefined>;
}) {
  const linkBase = `inline-flex items-center rounded-md border px-3 py-2 text-sm font-medium ${focusRing}`;
  return (
    <div className="mb-6 space-y-3 print:hidden">
      {error ? (
        <p role="status" data-testid="range-error" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {`${error} Showing the last 30 days instead.`}
        </p>
      ) : null}
      <div className="flex flex-col gap-4 rounded-lg border border-gray-200 bg-white p-4 shadow-sm lg:flex-row lg:items-end lg:justify-between">
        <div className="space-y-2">
          <p className="text-sm text-gray-700" data-testid="range-summary">
            {"Showing "}
            <strong className="font-semibold text-gray-900">
              {formatDay(range.from)}
              {range.from === range.to ? "" : ` – ${formatDay(range.to)}`}
            </strong>
            {` (${range.days} ${range.days === 1 ? "day" : "days"}, UTC)`}
          </p>
          <nav aria-label="Date range presets">
            <ul className="flex flex-wrap gap-2">
              {rangePresets.map((preset) => {
                const current = range.preset === preset;
                return (
                  <li key={preset}>
                    <Link
                      prefetch={false}
                      href={hrefWith(basePath, { ...preserve, range: preset })}
                      aria-current={current ? "page" : undefined}
                      className={`${linkBase} ${
                        current
                          ? "border-indigo-600 bg-indigo-50 text-indigo-800"
                          : "border-gray-300 bg-white text-gray-800 hover:bg-gray-50"
                      }`}
                    >
                      {presetLabels[preset]}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
        <form method="get" action={basePath} aria-label="Custom date range" className="flex flex-wrap items-end gap-3">
          {Object.entries(preserve).map(([name, value]) =>
            value ? <input key={name} type="hidden" name={name} value={value} /> : null,
          )}
          <div className="space-y-1.5">
            <label htmlFor={`${basePath.slice(1)}-range-from`} className="block text-sm font-medium text-gray-800">
              From
            </label>
            <input
              id={`${basePath.slice(1)}-range-from`}
              type="date"
              name="from"
              required
              min="1970-01-01"
              max={today}
              defaultValue={range.from}
              className={controlClass}
            />
          </div>
          <div className="space-y-1.5">
            <label htmlFor={`${basePath.slice(1)}-range-to`} className="block text-sm font-medium text-gray-800">
              To
            </label>
            <input
              id={`${basePath.slice(1)}-range-to`}
              type="date"
              name="to"
              required
              min="1970-01-01"
              max={today}
              defaultValue={range.to}
              className={controlClass}
            />
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Show these days
          </button>
        </form>
      </div>
    </div>
  );
}

/** The query parameters of a range plus the page's other filters, for links and exports. */
export function rangeParams(range: DateRange, extra: Record<string, string | null | undefined> = {}): Record<string, string | null | undefined> {
  return { ...rangeQuery(range), ...extra };
}
