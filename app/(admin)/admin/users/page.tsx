import type { Metadata } from "next";
import { UserPlus, Users } from "lucide-react";
import { getDb } from "@/db";
import { listCompanyOptions, listUsers, type UserReach } from "@/db/queries/users";
import type { Role } from "@/db/schema";
import { UsersFilters } from "@/components/admin/users-filters";
import { UsersTable } from "@/components/admin/users-table";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { userListParamsSchema, type UserListParams } from "./schema";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

/** The list URL for these parameters (empty ones left out), so a view can be shared. */
function listHref(params: UserListParams, page: number): string {
  const query = new URLSearchParams();
  if (params.q) query.set("q", params.q);
  if (params.role) query.set("role", params.role);
  if (params.status) query.set("status", params.status);
  if (params.company) query.set("company", params.company);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/admin/users?${text}` : "/admin/users";
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePage("clientUsers.manage", "/admin/users");
  const params = userListParamsSchema.parse(await searchParams);

  const db = getDb();
  const scope = scopeFor(viewer, "clientUsers.manage");
  const reach: UserReach = { scope, includeStaff: can(viewer, "staffUsers.manage") };
  const [list, companies] = await Promise.all([
    listUsers(db, {
      reach,
      filters: { q: params.q, role: params.role, status: params.status, companyId: params.company, page: params.page },
    }),
    listCompanyOptions(db, { scope }),
  ]);
  const roleOptions: Role[] = reach.includeStaff ? ["admin", "se", "client"] : ["client"];
  const filtered = Boolean(params.q || params.role || params.status || params.company);

  return (
    <>
      <PageHeader
        title="Users"
        description={
          reach.includeStaff
            ? "Everyone who can sign in to Nexus: staff and the users of every client company."
            : "The users of the client companies assigned to you."
        }
        actions={
          <ButtonLink href="/admin/users/new">
            <UserPlus aria-hidden className="size-4" />
            New user
          </ButtonLink>
        }
      />
      <UsersFilters values={params} roles={roleOptions} companies={companies} />
      {list.rows.length === 0 ? (
        <EmptyState
          icon={Users}
          title={filtered || list.page > 1 ? "No users match" : "No users yet"}
          text={
            filtered || list.page > 1
              ? "No user matches these filters on this page. Change the filters or clear them."
              : "Users you create will be listed here."
          }
        />
      ) : (
        <UsersTable rows={list.rows} />
      )}
      {list.rows.length > 0 || list.page > 1 ? (
        <Pagination
          page={list.page}
          hasNext={list.hasNext}
          hrefFor={(page) => listHref(params, page)}
          summary={`Page ${list.page}: ${list.rows.length} ${list.rows.length === 1 ? "user" : "users"} shown`}
        />
      ) : null}
    </>
  );
}
