import type { Metadata } from "next";
import { ScrollText } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditLogPage() {
  await requirePage("audit.view", "/admin/audit");

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when: every sensitive action on the platform." />
      <EmptyState
        icon={ScrollText}
        title="The audit log will appear here"
        text="Sign-ins, changes to users, companies and workflows, and credential reveals will be listed here, filterable."
      />
    </>
  );
}
