import type { Metadata } from "next";
import Link from "next/link";
import { Workflow } from "lucide-react";
import { getDb } from "@/db";
import { listWorkflows } from "@/db/queries/workflows";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import {
  Table,
  tableBodyClass,
  tableCellClass,
  tableHeadClass,
  tableHeaderCellClass,
} from "@/components/ui/table";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Workflows" };
export const dynamic = "force-dynamic";

export default async function WorkflowsPage() {
  const viewer = await requirePage("workflows.view", "/workflows");
  const scope = scopeFor(viewer, "workflows.view");
  const workflows = await listWorkflows(getDb(), { scope });

  return (
    <>
      <PageHeader title="Workflows" description="The automations running for your company and how their last run went." />
      {workflows.length === 0 ? (
        <EmptyState
          icon={Workflow}
          title="No workflows yet"
          text="The automations the agency builds for you will be listed here, with the status of their last run."
        />
      ) : (
        <Table caption="Your workflows">
          <thead className={tableHeadClass}>
            <tr>
              <th scope="col" className={tableHeaderCellClass}>
                Name
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Status
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Last run
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Last run result
              </th>
            </tr>
          </thead>
          <tbody className={tableBodyClass}>
            {workflows.map((workflow) => (
              <tr key={workflow.id}>
                <th scope="row" className={`${tableCellClass} font-medium`}>
                  <Link
                    href={`/workflows/${workflow.id}`}
                    className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                  >
                    {workflow.name}
                  </Link>
                </th>
                <td className={tableCellClass}>
                  <StatusBadge status={workflow.status} />
                </td>
                <td className={tableCellClass}>
                  <DateTime value={workflow.lastRunAt} />
                </td>
                <td className={tableCellClass}>
                  {workflow.lastRunStatus ? <StatusBadge status={workflow.lastRunStatus} /> : "No runs yet"}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
