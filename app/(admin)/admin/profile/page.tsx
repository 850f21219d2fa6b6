import type { Metadata } from "next";
import { UserRound } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  await requirePage("profile.own", "/admin/profile");

  return (
    <>
      <PageHeader title="Profile" description="Your own name and password." />
      <EmptyState
        icon={UserRound}
        title="Profile settings will appear here"
        text="You will be able to change your name and your password here."
      />
    </>
  );
}
