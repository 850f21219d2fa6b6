import type { Metadata } from "next";
import { FileChartColumn } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

export default async function ReportsPage() {
  await requirePage("executions.view", "/reports");

  return (
    <>
      <PageHeader title="Reports" description="Your runs by workflow and by day, for any date range, ready to export." />
      <EmptyState
        icon={FileChartColumn}
        title="Reports will appear here"
        text="Tables of your runs by workflow and by day, with date range and workflow filters and a CSV export, will be shown here."
      />
    </>
  );
}
