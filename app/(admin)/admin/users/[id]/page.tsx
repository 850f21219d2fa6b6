import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { findManagedUser, listCompanyOptions, type UserReach } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import { UsersAccountActions } from "@/app/(admin)/admin/users/_components/users-account-actions";
import { UsersEditForm } from "@/app/(admin)/admin/users/_components/users-edit-form";
import { roleLabel } from "@/components/shell/role-label";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { requestOrigin } from "../request-origin";
import { EraseUser } from "./_components/erase-user";
import { userIdSchema } from "../schema";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePage("clientUsers.manage", `/admin/users/${encodeURIComponent(id)}`);
  if (!userIdSchema.safeParse(id).success) notFound();

  const db = getDb();
  const scope = scopeFor(viewer, "clientUsers.manage");
  const reach: UserReach = { scope, includeStaff: can(viewer, "staffUsers.manage") };
  // Missing and out of reach look the same: 404.
  const [user, openCompanies] = await Promise.all([findManagedUser(db, { reach, id }), listCompanyOptions(db, { scope })]);
  if (!user) notFound();

  const isSelf = user.id === viewer.id;
  // Nobody changes their own role (an admin could lock everyone out); SEs manage clients only.
  const roles: Role[] = isSelf ? [user.role] : reach.includeStaff ? ["client", "se", "admin"] : ["client"];
  // A user of an archived company keeps it until moved; it is offered for them alone.
  const companies =
    user.companyId && !openCompanies.some((company) => company.id === user.companyId)
      ? [{ id: user.companyId, name: `${user.companyName ?? "Unknown company"} (archived)` }, ...openCompanies]
      : openCompanies;
  const erased = user.erasureNumber !== null;
  const displayName = user.erasureNumber !== null ? `Erased user #${user.erasureNumber}` : (user.name ?? user.email);

  return (
    <>
      <PageHeader
        title={displayName}
        description={`${roleLabel(user.role)}${user.companyName ? ` at ${user.companyName}` : ""}${erased ? "" : ` · ${user.email}`}`}
        back={{ href: "/admin/users", label: "Users" }}
      />
      <div className="space-y-6">
        {erased ? null : (
          <Card title="Details">
            <UsersEditForm
              user={{ id: user.id, name: user.name ?? "", email: user.email, role: user.role, companyId: user.companyId ?? "" }}
              roles={roles}
              roleHint={
                isSelf
                  ? "You cannot change your own role."
                  : reach.includeStaff
                    ? undefined
                    : "Sales engineers manage client users only."
              }
              companies={companies}
            />
          </Card>
        )}
        <Card title="Account" description="Sign-in access and password.">
          <div className="space-y-6">
            <DescriptionList
              items={[
                { term: "Status", value: <StatusBadge status={user.active ? "active" : "deactivated"} /> },
                { term: "Last sign-in", value: <DateTime value={user.lastSignInAt} /> },
                {
                  term: "Password",
                  value: erased ? "Erased" : user.hasPassword ? "Set" : "Not set: waiting for the user to open their link",
                },
                { term: "Created", value: <DateTime value={user.createdAt} /> },
              ]}
            />
            {erased ? (
              <p className="text-sm text-gray-600">This user&apos;s personal data was erased. The account cannot be changed.</p>
            ) : (
              <UsersAccountActions
                user={{ id: user.id, displayName, email: user.email, active: user.active, isSelf }}
                origin={await requestOrigin()}
              />
            )}
            {!erased && !user.active && !isSelf && can(viewer, "users.erase") ? (
              <EraseUser user={{ id: user.id, displayName }} />
            ) : null}
          </div>
        </Card>
      </div>
    </>
  );
}
