import type { Metadata } from "next";
import { getDb } from "@/db";
import { getRunsOverview } from "@/db/queries/dashboard";
import { RunsOverview } from "@/components/dashboard/runs-overview";
import { PageHeader } from "@/components/ui/page-header";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const viewer = await requirePage("workflows.view", "/dashboard");
  const scope = scopeFor(viewer, "workflows.view");
  const overview = await getRunsOverview(getDb(), { scope, days: 30 });

  return (
    <>
      <PageHeader title="Dashboard" description="What your automations did for you over the last 30 days." />
      <RunsOverview
        data={{
          totals: overview.totals,
          days: overview.days.map(({ day, succeeded, failed }) => ({ day, succeeded, failed })),
        }}
        emptyText="Once your workflows run, their runs will be charted here day by day."
      />
    </>
  );
}
