import type { ReactNode } from "react";
import { focusRing } from "./focus-ring";

/**
 * A horizontally scrollable table with a caption for screen readers. The scroll box takes
 * focus so keyboard users can scroll a table wider than the screen.
 */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={`overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm ${focusRing}`}
    >
      <table className="min-w-full divide-y divide-gray-200 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const tableHeadClass = "bg-gray-50";
export const tableHeaderCellClass = "px-4 py-3 text-xs font-semibold uppercase tracking-wide text-gray-700";
export const tableBodyClass = "divide-y divide-gray-200";
export const tableCellClass = "whitespace-nowrap px-4 py-3 text-gray-700";
