import Link from "next/link";
import { CircleCheckBig } from "lucide-react";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";
import { HealthBadge } from "@/components/workflows/workflow-health";
import { healthPredicate, type WorkflowHealthView } from "@/components/workflows/workflow-health-words";

export type WorkflowHealthItem = WorkflowHealthView & { workflowId: string };

/** The client's workflows at a glance: what is late or failing first, in plain words. */
export function WorkflowHealthCard({ workflows, now }: { workflows: readonly WorkflowHealthItem[]; now: Date }) {
  const problems = workflows.filter((workflow) => workflow.state !== "healthy");
  const ordered = [...problems, ...workflows.filter((workflow) => workflow.state === "healthy")];
  return (
    <Card
      title="Workflow health"
      description={
        problems.length === 0
          ? "Whether your automations run on time and succeed; this follows them live."
          : "Something needs attention. Your agency is alerted the moment a workflow runs late or keeps failing."
      }
    >
      {workflows.length === 0 ? (
        <p className="text-sm text-gray-600">Your workflows will be listed here once the agency has set them up.</p>
      ) : (
        <>
          {problems.length === 0 ? (
            <p className="mb-3 flex items-center gap-2 text-sm font-medium text-emerald-800">
              <CircleCheckBig aria-hidden className="size-4" />
              All your workflows are running normally.
            </p>
          ) : null}
          <ul aria-label="Workflow health" className="divide-y divide-gray-100" data-testid="workflow-health-list">
            {ordered.map((workflow) => (
              <li
                key={workflow.workflowId}
                data-workflow-id={workflow.workflowId}
                data-testid="workflow-health"
                data-health={workflow.state}
                className="flex items-start gap-3 py-2.5 text-sm"
              >
                <span className="w-20 shrink-0 pt-0.5">
                  <HealthBadge health={workflow} />
                </span>
                <p className={workflow.state === "healthy" ? "text-gray-600" : "text-gray-900"}>
                  <Link prefetch={false} href={`/workflows/${workflow.workflowId}`} className={`rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
                    {workflow.workflowName}
                  </Link>{" "}
                  {healthPredicate(workflow, now)}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
