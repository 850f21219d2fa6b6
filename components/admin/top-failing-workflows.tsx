import Link from "next/link";
import type { FailingWorkflow } from "@/db/queries/admin-dashboard";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";

const integer = new Intl.NumberFormat("en-US");
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** The workflows that failed most over the last 30 days, worst first. */
export function TopFailingWorkflows({ workflows }: { workflows: FailingWorkflow[] }) {
  return (
    <Card title="Top failing workflows" description="Most failed runs over the last 30 days.">
      {workflows.length === 0 ? (
        <p className="text-sm text-gray-700">No failed runs in the last 30 days.</p>
      ) : (
        <ol className="divide-y divide-gray-200">
          {workflows.map((workflow) => (
            <li key={workflow.workflowId} className="flex items-center justify-between gap-4 py-2.5">
              <div className="min-w-0">
                <Link prefetch={false}
                  href={`/admin/workflows/${workflow.workflowId}`}
                  className={`truncate font-medium text-indigo-700 hover:underline ${focusRing}`}
                >
                  {workflow.workflowName}
                </Link>
                <p className="truncate text-sm text-gray-600">{workflow.companyName}</p>
              </div>
              <p className="shrink-0 text-right text-sm tabular-nums text-gray-800">
                {integer.format(workflow.failed)} failed
                <span className="block text-xs text-gray-600">
                  {workflow.finished > 0 ? percent.format(workflow.failed / workflow.finished) : "–"} of finished
                </span>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
