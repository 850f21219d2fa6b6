import type { Metadata } from "next";
import { Plus, Workflow } from "lucide-react";
import { getDb } from "@/db";
import { defaultMinutesSavedPerRun, listWorkflowCompanies, listWorkflows } from "@/db/queries/workflows";
import { WorkflowsFilters } from "@/components/admin/workflows-filters";
import { WorkflowsTable } from "@/components/admin/workflows-table";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { workflowFiltersSchema } from "./schema";

export const metadata: Metadata = { title: "Workflows" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function WorkflowsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("workflows.manage", "/admin/workflows");
  const scope = scopeFor(viewer, "workflows.manage");
  const raw = await searchParams;
  const filters = workflowFiltersSchema.parse({
    company: first(raw.company) || undefined,
    status: first(raw.status) || undefined,
    q: first(raw.q),
    page: first(raw.page),
  });

  const db = getDb();
  const [companies, { workflows, hasNext }, platformDefault] = await Promise.all([
    listWorkflowCompanies(db, { scope }),
    listWorkflows(db, {
      scope,
      filters: { companyId: filters.company, status: filters.status, search: filters.q },
      page: filters.page,
    }),
    defaultMinutesSavedPerRun(db),
  ]);
  // A company outside the scope is ignored by the query (no rows); the select shows "Any company".
  const company = companies.some((option) => option.id === filters.company) ? filters.company : undefined;
  const filtered = Boolean(filters.q || filters.status || company);

  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    if (filters.q) params.set("q", filters.q);
    if (company) params.set("company", company);
    if (filters.status) params.set("status", filters.status);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `/admin/workflows?${query}` : "/admin/workflows";
  };

  return (
    <>
      <PageHeader
        title="Workflows"
        description={
          viewer.role === "admin"
            ? "The automations the agency runs for every client company."
            : "The automations the agency runs for the companies you look after."
        }
        actions={
          companies.length > 0 ? (
            <ButtonLink href="/admin/workflows/new">
              <Plus aria-hidden className="size-4" />
              New workflow
            </ButtonLink>
          ) : null
        }
      />
      <WorkflowsFilters values={{ q: filters.q, status: filters.status, company }} companies={companies} />
      {workflows.length === 0 ? (
        <EmptyState
          icon={Workflow}
          title={filtered || filters.page > 1 ? "No workflows match" : "No workflows yet"}
          text={
            filtered || filters.page > 1
              ? "No workflow matches these filters. Change or clear them to see more."
              : companies.length === 0
                ? "Workflows will be listed here once a company is assigned to you."
                : "Create the first workflow for one of your companies."
          }
        />
      ) : (
        <>
          <WorkflowsTable workflows={workflows} defaultMinutesSavedPerRun={platformDefault} />
          <Pagination page={filters.page} hasNext={hasNext} hrefFor={hrefFor} />
        </>
      )}
    </>
  );
}
