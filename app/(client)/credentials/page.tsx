import type { Metadata } from "next";
import { KeyRound } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Credentials" };
export const dynamic = "force-dynamic";

export default async function CredentialsPage() {
  await requirePage("credentials.list", "/credentials");

  return (
    <>
      <PageHeader title="Credentials" description="The secrets your automations use to reach your services, always shown masked." />
      <EmptyState
        icon={KeyRound}
        title="Credentials will be listed here"
        text="Each credential's name, service, masked hint, creation and rotation dates, and who of the agency last accessed it will be listed here."
      />
    </>
  );
}
