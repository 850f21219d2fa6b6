import type { Metadata } from "next";
import { Building2 } from "lucide-react";
import { getDb } from "@/db";
import { listCompanyOptions } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import { UsersCreateForm } from "@/app/(admin)/admin/users/_components/users-create-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { requestOrigin } from "../request-origin";

export const metadata: Metadata = { title: "New user" };
export const dynamic = "force-dynamic";

export default async function NewUserPage() {
  const viewer = await requirePage("clientUsers.manage", "/admin/users/new");
  const companies = await listCompanyOptions(getDb(), { scope: scopeFor(viewer, "clientUsers.manage") });
  const staff = can(viewer, "staffUsers.manage");
  // Admins may create any role; an SE only clients of their own companies (commands.ts checks again).
  const roles: Role[] = staff ? ["client", "se", "admin"] : ["client"];

  return (
    <>
      <PageHeader
        title="New user"
        description={staff ? "Add a staff member or a user of a client company." : "Add a user to one of your client companies."}
        back={{ href: "/admin/users", label: "Users" }}
      />
      {roles.length === 1 && companies.length === 0 ? (
        <EmptyState
          icon={Building2}
          title="No companies to add users to"
          text="You can add users once an admin assigns a client company to you."
        />
      ) : (
        <UsersCreateForm
          roles={roles}
          roleHint={staff ? undefined : "Sales engineers add client users to their own companies."}
          companies={companies}
          origin={await requestOrigin()}
        />
      )}
    </>
  );
}
