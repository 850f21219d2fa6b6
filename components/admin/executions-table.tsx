import Link from "next/link";
import type { ExecutionLogRow } from "@/db/queries/executions";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";

function duration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** One page of the global run log. */
export function ExecutionsTable({ rows }: { rows: ExecutionLogRow[] }) {
  return (
    <Table caption="Runs, newest first">
      <thead className={tableHeadClass}>
        <tr>
          {["Started", "Workflow", "Company", "Status", "Duration", "Minutes saved", "Error"].map((heading) => (
            <th key={heading} scope="col" className={tableHeaderCellClass}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={tableBodyClass} data-testid="executions-rows">
        {rows.map((row) => (
          <tr key={row.id} data-execution-id={row.id}>
            <td className={tableCellClass}>
              <DateTime value={row.startedAt} />
            </td>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link prefetch={false} href={`/admin/workflows/${row.workflowId}`} className={`text-indigo-700 hover:underline ${focusRing}`}>
                {row.workflowName}
              </Link>
            </th>
            <td className={tableCellClass}>{row.companyName}</td>
            <td className={tableCellClass}>
              <StatusBadge status={row.status} />
            </td>
            <td className={`${tableCellClass} tabular-nums`}>{duration(row.durationMs)}</td>
            <td className={`${tableCellClass} tabular-nums`}>{row.status === "succeeded" ? (row.minutesSaved ?? 0) : "–"}</td>
            <td className="max-w-xs truncate px-4 py-3 text-gray-700" title={row.errorMessage ?? undefined}>
              {row.errorMessage ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
