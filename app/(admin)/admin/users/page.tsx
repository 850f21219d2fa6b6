import type { Metadata } from "next";
import { Users } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  await requirePage("clientUsers.manage", "/admin/users");

  return (
    <>
      <PageHeader title="Users" description="Find, create and manage the people who can sign in to Nexus." />
      <EmptyState
        icon={Users}
        title="Users will be listed here"
        text="Users will be listed here, searchable and filterable by role, status and company, with ways to create, edit, deactivate and reset passwords."
      />
    </>
  );
}
