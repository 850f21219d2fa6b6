import Link from "next/link";
import { Activity } from "lucide-react";
import type { ExecutionLogRow } from "@/db/queries/executions";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";

/** The newest runs in scope; the dashboard re-renders it live as runs are reported. */
export function ActivityFeed({ runs }: { runs: ExecutionLogRow[] }) {
  return (
    <Card
      title="Live activity"
      description="The latest runs, updated as the engines report them."
      actions={
        <Link prefetch={false} href="/admin/executions" className={`rounded-sm text-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
          Run log
        </Link>
      }
    >
      {runs.length === 0 ? (
        <EmptyState icon={Activity} headingLevel={3} title="No runs yet" text="Runs appear here the moment an engine reports them." />
      ) : (
        <ol aria-label="Latest runs" className="divide-y divide-gray-100" data-testid="activity-feed">
          {runs.map((run) => (
            <li key={run.id} data-execution-id={run.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-gray-900">{run.workflowName}</span>
                <span className="text-gray-600"> · {run.companyName}</span>
              </span>
              <span className="flex items-center gap-3 text-gray-600">
                <Link prefetch={false} href={`/admin/executions/${run.id}`} className={`rounded-sm text-indigo-700 hover:underline ${focusRing}`}>
                  <DateTime value={run.startedAt} />
                </Link>
                <StatusBadge status={run.status} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
