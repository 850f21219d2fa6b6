import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { History } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { findWorkflow } from "@/db/queries/workflows";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Workflow" };
export const dynamic = "force-dynamic";

// z.guid(): any 8-4-4-4-12 hex id, as Postgres accepts; z.uuid() would also demand RFC
// version bits, which ids made in SQL (md5()::uuid) do not have.
const idSchema = z.guid();

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const path = `/workflows/${encodeURIComponent(id)}`;
  const viewer = await requirePage("workflows.view", path);
  if (!idSchema.safeParse(id).success) notFound();

  const scope = scopeFor(viewer, "workflows.view");
  const workflow = await findWorkflow(getDb(), { scope, id });
  if (!workflow) notFound();
  await requirePage("workflows.view", path, { companyId: workflow.companyId });

  return (
    <>
      <PageHeader
        title={workflow.name}
        description="What this automation does, how its last run went and its run history."
        back={{ href: "/workflows", label: "Workflows" }}
      />
      <div className="space-y-6">
        <Card title="About this workflow">
          <DescriptionList
            items={[
              { term: "Status", value: <StatusBadge status={workflow.status} /> },
              {
                term: "Last run",
                value: workflow.lastRunStatus ? (
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <StatusBadge status={workflow.lastRunStatus} />
                    <DateTime value={workflow.lastRunAt} />
                  </span>
                ) : (
                  "No runs yet"
                ),
              },
              { term: "Description", value: workflow.description || "No description" },
              { term: "Platform", value: platformLabels[workflow.platform] },
              { term: "Trigger", value: triggerLabels[workflow.trigger] },
            ]}
          />
        </Card>
        <Card title="Run history">
          <EmptyState
            icon={History}
            headingLevel={3}
            title="Run history will appear here"
            text="Each run of this workflow, with its status, duration and any error message, will be listed here."
          />
        </Card>
      </div>
    </>
  );
}
