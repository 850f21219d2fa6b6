import type { Metadata } from "next";
import { Building2, Plus, SearchX } from "lucide-react";
import { getDb } from "@/db";
import { COMPANIES_PAGE_SIZE, countCompanies, listCompanies } from "@/db/queries/companies";
import { companyStatuses } from "@/db/schema";
import { CompaniesFilters } from "@/components/admin/companies-filters";
import { CompaniesTable } from "@/components/admin/companies-table";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { planLabel } from "./format";
import { companyFiltersSchema } from "./schema";

export const metadata: Metadata = { title: "Companies" };
export const dynamic = "force-dynamic";

const statusOptions = companyStatuses.map((status) => ({
  value: status,
  label: status.charAt(0).toUpperCase() + status.slice(1),
}));

/** A URL parameter given twice counts once: the first. */
function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The list URL for these filters and page (empty ones left out), so a view can be shared. */
function listHref(filters: { q: string; status?: string }, page: number): string {
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  if (filters.status) query.set("status", filters.status);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/admin/companies?${text}` : "/admin/companies";
}

export default async function CompaniesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePage("companies.editProfile", "/admin/companies");
  const params = await searchParams;
  const filters = companyFiltersSchema.parse({
    q: firstOf(params.q) ?? "",
    status: firstOf(params.status) || undefined,
    page: firstOf(params.page),
  });

  const scope = scopeFor(viewer, "companies.editProfile");
  const db = getDb();
  const listFilters = { scope, search: filters.q, status: filters.status };
  // a page at a time: the plan history is read for the rows shown only
  const [companies, total] = await Promise.all([
    listCompanies(db, { ...listFilters, limit: COMPANIES_PAGE_SIZE, offset: (filters.page - 1) * COMPANIES_PAGE_SIZE }),
    countCompanies(db, listFilters),
  ]);
  const now = new Date();
  const filtered = filters.q !== "" || filters.status !== undefined;
  const isAdmin = can(viewer, "companies.manage");

  return (
    <>
      <PageHeader
        title="Companies"
        description={
          isAdmin
            ? "The client companies of the agency: their profile, plan, sales engineer and users."
            : "The client companies assigned to you: their profile, plan and users."
        }
        actions={
          isAdmin ? (
            <ButtonLink href="/admin/companies/new">
              <Plus aria-hidden className="size-4" />
              New company
            </ButtonLink>
          ) : null
        }
      />
      <CompaniesFilters search={filters.q} status={filters.status ?? ""} statusOptions={statusOptions} />
      {companies.length === 0 && filters.page > 1 ? (
        <EmptyState icon={SearchX} title="No companies on this page" text="This page is past the end of the list: go back to the first page." />
      ) : companies.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={SearchX}
            title="No companies match these filters"
            text="Try another name or status, or clear the filters to see every company you can reach."
          />
        ) : (
          <EmptyState
            icon={Building2}
            title="No companies to show"
            text={
              isAdmin
                ? "Client companies will be listed here once they are created."
                : "Companies will be listed here once an admin assigns them to you."
            }
          />
        )
      ) : (
        <>
          <p className="mb-2 text-sm text-gray-700" aria-live="polite">
            {total === 1 ? "1 company" : `${total} companies`}
            {filtered ? " match the filters" : ""}
          </p>
          <CompaniesTable
            caption={filtered ? "Companies matching the filters" : "Companies"}
            companies={companies.map((company) => ({
              id: company.id,
              name: company.name,
              industry: company.industry,
              status: company.status,
              plan: planLabel(company.planName, company.nextPlanName, now),
              assignedSe: company.assignedSeName,
              activeClientUsers: company.activeClientUsers,
            }))}
          />
          <Pagination
            page={filters.page}
            hasNext={filters.page * COMPANIES_PAGE_SIZE < total}
            hrefFor={(page) => listHref(filters, page)}
            summary={`Page ${filters.page} of ${Math.max(1, Math.ceil(total / COMPANIES_PAGE_SIZE))}: ${companies.length} shown`}
          />
        </>
      )}
    </>
  );
}
