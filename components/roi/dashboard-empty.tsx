import { TrendingUp } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** The dashboard of a company whose automations have not run yet: what will appear, and why. */
export function DashboardEmpty() {
  return (
    <EmptyState
      icon={TrendingUp}
      title="Your return on investment will appear here"
      text="As soon as the automations the agency builds for you start running, this page shows the hours and money they save you, what you spend on them, your net return and ROI, and how reliably they run, day by day and workflow by workflow. Nothing has run yet, so there is nothing to count."
    />
  );
}
