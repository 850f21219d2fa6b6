import type { Metadata } from "next";
import { Activity } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Executions" };
export const dynamic = "force-dynamic";

export default async function ExecutionsPage() {
  await requirePage("executions.view", "/admin/executions");

  return (
    <>
      <PageHeader title="Executions" description="The run log of every workflow, across companies." />
      <EmptyState
        icon={Activity}
        title="The run log will appear here"
        text="Every run reported by the automation engines will be listed here, filterable by status, company, workflow and date range."
      />
    </>
  );
}
