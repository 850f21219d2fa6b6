import type { Metadata } from "next";
import { ScrollText } from "lucide-react";
import { AuditFilters } from "@/components/admin/audit-filters";
import { AuditPager, AuditTable } from "@/components/admin/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listAuditActions, listAuditEntries } from "@/db/queries/audit";
import { listCompanyNames } from "@/db/queries/companies";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { auditHref, parseAuditSearch } from "./schema";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("audit.view", "/admin/audit");
  const scope = scopeFor(viewer, "audit.view");
  const search = parseAuditSearch(await searchParams);
  const { cursor, ...filterValues } = search;
  const db = getDb();

  const [page, actions, companies] = await Promise.all([
    listAuditEntries(db, {
      scope,
      filters: {
        actor: search.actor,
        action: search.action,
        companyId: search.company,
        from: search.from,
        to: search.to,
      },
      cursor,
      limit: PAGE_SIZE,
    }),
    listAuditActions(db, { scope }),
    listCompanyNames(db, { scope }),
  ]);
  const filtered = Object.values(filterValues).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          viewer.role === "admin"
            ? "Who changed what, and when: every sensitive action on the platform, newest first."
            : "Who changed what, and when, in the companies assigned to you, newest first."
        }
      />
      <AuditFilters values={filterValues} actions={actions} companies={companies} />
      {page.entries.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title={cursor ? "No older entries" : filtered ? "No entries match these filters" : "No entries yet"}
          text={
            cursor
              ? "You have reached the oldest entry for these filters."
              : filtered
                ? "Try a wider date range, another action or company, or clear the filters."
                : "Sign-ins and changes to users, companies, workflows, settings and credentials will be listed here."
          }
        />
      ) : (
        <>
          <AuditTable rows={page.entries} />
          <AuditPager
            count={page.entries.length}
            newestHref={cursor ? auditHref(filterValues) : null}
            nextHref={page.nextCursor ? auditHref({ ...filterValues, cursor: page.nextCursor }) : null}
          />
        </>
      )}
    </>
  );
}
