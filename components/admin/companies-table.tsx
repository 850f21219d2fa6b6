import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";

export type CompanyRow = {
  id: string;
  name: string;
  industry: string;
  status: string;
  /** "Growth", "Growth now, Scale from December 2026" or "No plan" */
  plan: string;
  assignedSe: string | null;
  activeClientUsers: number;
};

export function CompaniesTable({ caption, companies }: { caption: string; companies: CompanyRow[] }) {
  return (
    <Table caption={caption} columns={["Name", "Industry", "Status", "Plan", "Assigned SE", { label: "Active client users", align: "right" }]}>
      <tbody className={tableBodyClass}>
        {companies.map((company) => (
          <tr key={company.id}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link prefetch={false}
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
            <td className={tableCellClass}>{company.plan}</td>
            <td className={tableCellClass}>{company.assignedSe ?? <span className="text-gray-500">None</span>}</td>
            <td className={`${tableCellClass} text-right tabular-nums`}>{company.activeClientUsers}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
