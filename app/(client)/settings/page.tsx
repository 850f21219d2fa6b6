import type { Metadata } from "next";
import { Settings } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePage("profile.own", "/settings");

  return (
    <>
      <PageHeader title="Settings" description="Your own name and password." />
      <EmptyState
        icon={Settings}
        title="Account settings will appear here"
        text="You will be able to change your name and your password here."
      />
    </>
  );
}
