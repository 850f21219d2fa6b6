import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Building2 } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { findCompany } from "@/db/queries/companies";
import { Card } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Company" };
export const dynamic = "force-dynamic";

// z.guid(): any 8-4-4-4-12 hex id, as Postgres accepts; z.uuid() would also demand RFC
// version bits, which ids made in SQL (md5()::uuid) do not have.
const idSchema = z.guid();

export default async function CompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePage("companies.editProfile", `/admin/companies/${encodeURIComponent(id)}`, {
    companyId: id,
  });
  if (!idSchema.safeParse(id).success) notFound();

  const scope = scopeFor(viewer, "companies.editProfile");
  const company = await findCompany(getDb(), { scope, id });
  if (!company) notFound();

  return (
    <>
      <PageHeader
        title={company.name}
        description="This company's profile, users, workflows, usage, credentials and ingestion keys."
        back={{ href: "/admin/companies", label: "Companies" }}
      />
      <div className="space-y-6">
        <Card title="Profile">
          <DescriptionList
            items={[
              { term: "Industry", value: company.industry },
              { term: "Status", value: <StatusBadge status={company.status} /> },
            ]}
          />
        </Card>
        <EmptyState
          icon={Building2}
          title="More about this company will appear here"
          text="Its users, workflows, usage, the ROI figures exactly as the client sees them, masked credentials and ingestion keys will be shown here."
        />
      </div>
    </>
  );
}
