import Link from "next/link";
import { focusRing } from "./focus-ring";

/**
 * Previous / next links that keep the other query parameters. `hrefFor(page)` builds the
 * URL; the server does the paging.
 */
export function Pagination({
  page,
  hasNext,
  hrefFor,
  summary,
  label = "Pagination",
}: {
  page: number;
  hasNext: boolean;
  hrefFor: (page: number) => string;
  summary?: string;
  /** the navigation's name, when a page has more than one list to page through */
  label?: string;
}) {
  const link = `rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 ${focusRing}`;
  const disabled = "rounded-md border border-gray-200 px-3 py-1.5 text-sm text-gray-500";
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-4">
      <p className="text-sm text-gray-700">{summary ?? `Page ${page}`}</p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={hrefFor(page - 1)} className={link} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={disabled} aria-disabled="true">
            Previous
          </span>
        )}
        {hasNext ? (
          <Link href={hrefFor(page + 1)} className={link} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabled} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}

/**
 * Keyset paging (the log pages): back to the newest rows, or on past the last one shown.
 * `summary` says what this page holds.
 */
export function KeysetPager({ newestHref, nextHref, summary }: { newestHref: string | null; nextHref: string | null; summary: string }) {
  const link = `rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 ${focusRing}`;
  const disabled = "rounded-md border border-gray-200 px-3 py-1.5 text-sm text-gray-500";
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-4">
      <p className="text-sm text-gray-700">{summary}</p>
      <div className="flex gap-2">
        {newestHref ? (
          <Link prefetch={false} href={newestHref} className={link}>
            Newest
          </Link>
        ) : null}
        {nextHref ? (
          <Link prefetch={false} href={nextHref} className={link} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabled} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
