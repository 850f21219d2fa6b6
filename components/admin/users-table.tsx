import Link from "next/link";
import type { Role } from "@/db/schema";
import { roleLabel } from "@/components/shell/role-label";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";

export type UserRowView = {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  companyName: string | null;
  active: boolean;
  lastSignInAt: Date | null;
};

export function UsersTable({ rows }: { rows: readonly UserRowView[] }) {
  const headers = ["Name", "Email", "Role", "Company", "Status", "Last sign-in"];
  return (
    <Table caption="Users" columns={headers}>
      <tbody className={tableBodyClass}>
        {rows.map((user) => (
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
            <td className={tableCellClass}>{roleLabel(user.role)}</td>
            <td className={tableCellClass}>{user.companyName ?? <span className="text-gray-500">Staff</span>}</td>
            <td className={tableCellClass}>
              <StatusBadge status={user.active ? "active" : "deactivated"} />
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
