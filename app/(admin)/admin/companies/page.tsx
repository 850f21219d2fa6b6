import type { Metadata } from "next";
import Link from "next/link";
import { Building2 } from "lucide-react";
import { getDb } from "@/db";
import { listCompanies } from "@/db/queries/companies";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import {
  Table,
  tableBodyClass,
  tableCellClass,
  tableHeadClass,
  tableHeaderCellClass,
} from "@/components/ui/table";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Companies" };
export const dynamic = "force-dynamic";

export default async function CompaniesPage() {
  const viewer = await requirePage("companies.editProfile", "/admin/companies");
  const scope = scopeFor(viewer, "companies.editProfile");
  const companies = await listCompanies(getDb(), { scope });

  return (
    <>
      <PageHeader
        title="Companies"
        description={
          viewer.role === "admin"
            ? "The client companies of the agency: their profile, users, workflows and usage."
            : "The client companies assigned to you: their profile, users, workflows and usage."
        }
      />
      {companies.length === 0 ? (
        <EmptyState
          icon={Building2}
          title="No companies to show"
          text={
            viewer.role === "admin"
              ? "Client companies will be listed here once they are created."
              : "Companies will be listed here once an admin assigns them to you."
          }
        />
      ) : (
        <Table caption="Companies">
          <thead className={tableHeadClass}>
            <tr>
              <th scope="col" className={tableHeaderCellClass}>
                Name
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Industry
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Status
              </th>
            </tr>
          </thead>
          <tbody className={tableBodyClass}>
            {companies.map((company) => (
              <tr key={company.id}>
                <th scope="row" className={`${tableCellClass} font-medium`}>
                  <Link
                    href={`/admin/companies/${company.id}`}
                    className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                  >
                    {company.name}
                  </Link>
                </th>
                <td className={tableCellClass}>{company.industry}</td>
                <td className={tableCellClass}>
                  <StatusBadge status={company.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
