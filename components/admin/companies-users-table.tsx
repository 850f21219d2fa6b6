import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";

export type CompanyUserRow = {
  id: string;
  name: string | null;
  email: string;
  active: boolean;
  lastSignInAt: Date | null;
};

/** The people who sign in for one company, each linking to their page in /admin/users. */
export function CompaniesUsersTable({ companyName, users }: { companyName: string; users: CompanyUserRow[] }) {
  return (
    <Table caption={`Users of ${companyName}`} columns={["Name", "Email", "Status", "Last sign-in"]}>
      <tbody className={tableBodyClass}>
        {users.map((user) => (
          <tr key={user.id}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link prefetch={false}
                href={`/admin/users/${user.id}`}
                className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
              >
                {user.name ?? user.email}
              </Link>
            </th>
            <td className={tableCellClass}>{user.email}</td>
            <td className={tableCellClass}>
              {user.active ? <StatusBadge status="active" /> : <StatusBadge status="archived" label="Deactivated" />}
            </td>
            <td className={tableCellClass}>
              <DateTime value={user.lastSignInAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
