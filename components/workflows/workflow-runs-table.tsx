import Link from "next/link";
import { History } from "lucide-react";
import type { ExecutionStatus } from "@/db/schema";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { formatDuration, formatMinutes } from "./workflow-format";

export type WorkflowRunRow = {
  id: string;
  status: ExecutionStatus;
  startedAt: Date;
  durationMs: number | null;
  /** what the run stored when it finished; null while running or when cancelled */
  minutesSaved: number | null;
  errorMessage: string | null;
};

const navLink = `rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-50 ${focusRing}`;

/**
 * A workflow's runs, newest first, one keyset page at a time: "Next" carries the cursor
 * of the last run shown, "Newest runs" goes back to the start. The server does the paging.
 */
export function WorkflowRunsTable({
  runs,
  nextHref,
  newestHref,
  runHref,
}: {
  runs: readonly WorkflowRunRow[];
  /** the page of one run in this area */
  runHref: (id: string) => string;
  /** the next page, or null on the last one */
  nextHref: string | null;
  /** the first page, or null when this is it */
  newestHref: string | null;
}) {
  if (runs.length === 0) {
    return (
      <EmptyState
        icon={History}
        headingLevel={3}
        title={newestHref ? "No older runs" : "No runs yet"}
        text={
          newestHref
            ? "There are no runs before the ones already shown."
            : "Each run of this workflow will be listed here once its automation engine reports it."
        }
        action={
          newestHref ? (
            <Link prefetch={false} href={newestHref} className={navLink}>
              Newest runs
            </Link>
          ) : undefined
        }
      />
    );
  }
  return (
    <>
      <Table caption="Run history" columns={["Started", "Status", "Duration", "Minutes saved", "Error message"]}>
        <tbody className={tableBodyClass}>
          {runs.map((run) => (
            <tr key={run.id} data-execution-id={run.id}>
              <td className={tableCellClass}>
                <Link prefetch={false} href={runHref(run.id)} className={`rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
                  <DateTime value={run.startedAt} />
                </Link>
              </td>
              <td className={tableCellClass}>
                <StatusBadge status={run.status} />
              </td>
              <td className={tableCellClass}>{formatDuration(run.durationMs)}</td>
              <td className={tableCellClass}>
                {run.status === "succeeded" && run.minutesSaved !== null ? formatMinutes(run.minutesSaved) : "–"}
              </td>
              <td className={`${tableCellClass} min-w-64 whitespace-normal break-words`}>
                {run.errorMessage ?? <span className="text-gray-500">None</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      <nav aria-label="Run history pages" className="mt-4 flex items-center justify-end gap-2">
        {newestHref ? (
          <Link prefetch={false} href={newestHref} className={navLink}>
            Newest runs
          </Link>
        ) : null}
        {nextHref ? (
          <Link prefetch={false} href={nextHref} className={navLink} rel="next">
            Next
          </Link>
        ) : (
          <span className="rounded-md border border-gray-200 px-3 py-1.5 text-sm text-gray-500" aria-disabled="true">
            Next
          </span>
        )}
      </nav>
    </>
  );
}
