import Link from "next/link";
import type { ExecutionLogRow } from "@/db/queries/executions";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDuration } from "@/components/workflows/workflow-format";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";

// The cells' shared look is set once on the body, not repeated on each of a page's 175
// cells: the log is the largest page of the admin area, and its bytes are render time.
const bodyCells = "[&_td]:whitespace-nowrap [&_td]:px-4 [&_td]:py-3 [&_td]:text-gray-700";

/** One page of the global run log. */
export function ExecutionsTable({ rows }: { rows: ExecutionLogRow[] }) {
  return (
    <Table caption="Runs, newest first" columns={["Started", "Workflow", "Company", "Status", "Duration", "Minutes saved", "Error"]}>
      <tbody className={`${tableBodyClass} ${bodyCells}`} data-testid="executions-rows">
        {rows.map((row) => (
          <tr key={row.id} data-execution-id={row.id}>
            <td>
              <Link prefetch={false} href={`/admin/executions/${row.id}`} className={`text-indigo-700 hover:underline ${focusRing}`}>
                <DateTime value={row.startedAt} />
              </Link>
            </td>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link prefetch={false} href={`/admin/workflows/${row.workflowId}`} className={`text-indigo-700 hover:underline ${focusRing}`}>
                {row.workflowName}
              </Link>
            </th>
            <td>{row.companyName}</td>
            <td>
              <StatusBadge status={row.status} />
            </td>
            <td className="tabular-nums">{formatDuration(row.durationMs)}</td>
            <td className="tabular-nums">{row.status === "succeeded" ? (row.minutesSaved ?? 0) : "–"}</td>
            <td className="max-w-xs truncate" title={row.errorMessage ?? undefined}>
              {row.errorMessage ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
