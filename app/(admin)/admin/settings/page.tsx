import type { Metadata } from "next";
import { Settings } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePage("platformSettings.manage", "/admin/settings");

  return (
    <>
      <PageHeader title="Settings" description="Platform-wide defaults: hourly rate, minutes saved per run and currency." />
      <EmptyState
        icon={Settings}
        title="Platform settings will appear here"
        text="The default hourly rate, the default minutes saved per run and the currency will be editable here."
      />
    </>
  );
}
