import type { Metadata } from "next";
import { Workflow } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Workflows" };
export const dynamic = "force-dynamic";

export default async function WorkflowsPage() {
  const viewer = await requirePage("workflows.manage", "/admin/workflows");

  return (
    <>
      <PageHeader
        title="Workflows"
        description={
          viewer.role === "admin"
            ? "The automations the agency runs for every client company."
            : "The automations the agency runs for the companies you look after."
        }
      />
      <EmptyState
        icon={Workflow}
        title="Workflows will be listed here"
        text="Each workflow, with its company, platform, status and last run, will be listed here, filterable by company and status."
      />
    </>
  );
}
