import type { Metadata } from "next";
import { Bell } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage() {
  await requirePage("notifications.own", "/notifications");

  return (
    <>
      <PageHeader title="Notifications" description="Failed runs, workflow changes, credential access, invoices and account changes." />
      <EmptyState
        icon={Bell}
        title="Notifications will appear here"
        text="Alerts about failed runs, paused or resumed workflows, credential access, invoices and your account will be listed here."
      />
    </>
  );
}
