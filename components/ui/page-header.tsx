import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import type { ReactNode } from "react";
import { focusRing } from "./focus-ring";

/** The h1 of a page, a one-line description and an optional slot for page actions. */
export function PageHeader({
  title,
  description,
  actions,
  back,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** a link up to the parent list, for detail pages */
  back?: { href: string; label: string };
}) {
  return (
    <div className="mb-6 border-b border-gray-200 pb-5">
      {back ? (
        <Link
          href={back.href}
          className={`mb-3 inline-flex items-center gap-1 rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
        >
          <ChevronLeft aria-hidden className="size-4" />
          {back.label}
        </Link>
      ) : null}
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold tracking-tight text-gray-900">{title}</h1>
          {description ? <p className="mt-1 text-sm text-gray-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
    </div>
  );
}
