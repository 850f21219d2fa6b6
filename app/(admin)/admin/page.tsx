import type { Metadata } from "next";
import { getDb } from "@/db";
import { getRunsOverview } from "@/db/queries/dashboard";
import { RunsOverview } from "@/components/dashboard/runs-overview";
import { PageHeader } from "@/components/ui/page-header";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function AdminDashboardPage() {
  const viewer = await requirePage("adminDashboard.view", "/admin");
  const scope = scopeFor(viewer, "adminDashboard.view");
  const overview = await getRunsOverview(getDb(), { scope, days: 30 });

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          viewer.role === "admin"
            ? "How the automations of every client company are running."
            : "How the automations of the companies you look after are running."
        }
      />
      <RunsOverview
        data={{
          totals: overview.totals,
          days: overview.days.map(({ day, succeeded, failed }) => ({ day, succeeded, failed })),
        }}
        emptyText="Runs reported by the automation engines will be charted here day by day."
      />
    </>
  );
}
