import Link from "next/link";
import type { ExecutionStatus, Workflow } from "@/db/schema";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { LastRun } from "@/components/workflows/last-run";
import { formatMinutesSavedPerRun } from "@/components/workflows/workflow-format";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";

export type WorkflowsTableRow = {
  id: string;
  name: string;
  companyName: string;
  platform: Workflow["platform"];
  trigger: Workflow["trigger"];
  minutesSavedPerRun: number | null;
  status: Workflow["status"];
  lastRunAt: Date | null;
  lastRunStatus: ExecutionStatus | null;
};

/** The staff list of workflows. Rows carry data-workflow-id so live updates can find them. */
export function WorkflowsTable({
  workflows,
  defaultMinutesSavedPerRun,
}: {
  workflows: readonly WorkflowsTableRow[];
  defaultMinutesSavedPerRun: number;
}) {
  return (
    <Table caption="Workflows" columns={["Name", "Company", "Platform", "Trigger", "Minutes saved per run", "Status", "Last run"]}>
      <tbody className={tableBodyClass}>
        {workflows.map((workflow) => (
          <tr key={workflow.id} data-workflow-id={workflow.id}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link prefetch={false}
                href={`/admin/workflows/${workflow.id}`}
                className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
              >
                {workflow.name}
              </Link>
            </th>
            <td className={tableCellClass}>{workflow.companyName}</td>
            <td className={tableCellClass}>{platformLabels[workflow.platform]}</td>
            <td className={tableCellClass}>{triggerLabels[workflow.trigger]}</td>
            <td className={tableCellClass}>
              {formatMinutesSavedPerRun(workflow.minutesSavedPerRun, defaultMinutesSavedPerRun)}
            </td>
            <td className={tableCellClass} data-testid="workflow-status">
              <StatusBadge status={workflow.status} />
            </td>
            <td className={tableCellClass} data-testid="last-run-status">
              <LastRun status={workflow.lastRunStatus} at={workflow.lastRunAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
