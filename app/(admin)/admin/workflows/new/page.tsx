import type { Metadata } from "next";
import { Building2 } from "lucide-react";
import { getDb } from "@/db";
import { defaultMinutesSavedPerRun, listWorkflowCompanies } from "@/db/queries/workflows";
import { WorkflowsCreateForm } from "@/app/(admin)/admin/workflows/_components/workflows-create-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "New workflow" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NewWorkflowPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("workflows.manage", "/admin/workflows/new");
  const scope = scopeFor(viewer, "workflows.manage");
  const db = getDb();
  const [companies, platformDefault] = await Promise.all([
    listWorkflowCompanies(db, { scope, openOnly: true }),
    defaultMinutesSavedPerRun(db),
  ]);
  // ?company=<id> preselects a company (from its page), only when it is one of the choices.
  const requested = (await searchParams).company;
  const initialCompanyId = companies.find((company) => company.id === requested)?.id ?? null;

  return (
    <>
      <PageHeader
        title="New workflow"
        description="Add an automation the agency runs for a client company. Runs arrive through the ingestion API."
        back={{ href: "/admin/workflows", label: "Workflows" }}
      />
      {companies.length === 0 ? (
        <EmptyState
          icon={Building2}
          title="No company to add a workflow to"
          text="Workflows belong to a client company. Once a company is open and in your care, you can add its workflows here."
        />
      ) : (
        <Card>
          <WorkflowsCreateForm
            companies={companies}
            defaultMinutesSavedPerRun={platformDefault}
            initialCompanyId={initialCompanyId}
          />
        </Card>
      )}
    </>
  );
}
