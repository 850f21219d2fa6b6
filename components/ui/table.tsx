import type { ReactNode } from "react";
import { focusRing } from "./focus-ring";

/**
 * A column heading: its text, or a label with alignment (numbers align right). `null` and
 * `false` leave a column out, so a conditional column reads `cond ? "Health" : null`.
 */
export type TableColumn = string | { label: ReactNode; key?: string; align?: "right" } | null | false;

/**
 * A horizontally scrollable table with a caption for screen readers, and the column headings
 * when `columns` is given (the list pages' one building block: they pass the body rows). The
 * scroll box takes focus so keyboard users can scroll a table wider than the screen.
 */
export function Table({ caption, columns, children }: { caption: string; columns?: readonly TableColumn[]; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={`overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-sm ${focusRing}`}
    >
      <table className="min-w-full divide-y divide-gray-200 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {columns ? <TableHead columns={columns} /> : null}
        {children}
      </table>
    </div>
  );
}

export const tableHeadClass = "bg-gray-50";
export const tableHeaderCellClass = "px-4 py-3 text-xs font-semibold uppercase tracking-wide text-gray-700";
export const tableBodyClass = "divide-y divide-gray-200";
export const tableCellClass = "whitespace-nowrap px-4 py-3 text-gray-700";

function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead className={tableHeadClass}>
      <tr>
        {columns.map((column, index) => {
          if (!column) return null;
          const { label, key, align } = typeof column === "string" ? { label: column, key: column, align: undefined } : column;
          return (
            <th key={key ?? (typeof label === "string" ? label : index)} scope="col" className={align === "right" ? `${tableHeaderCellClass} text-right` : tableHeaderCellClass}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
