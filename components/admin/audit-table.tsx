import { DateTime } from "@/components/ui/date-time";
import { KeysetPager } from "@/components/ui/pagination";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { AuditChanges } from "./audit-changes";

export type AuditRow = {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  companyName: string | null;
  ip: string | null;
  changes: Record<string, unknown> | null;
};

/** One page of the audit log, newest first. */
export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  const headers = ["Time", "Actor", "Action", "Target", "Company", "IP", "Changes"];
  return (
    <Table caption="Audit log entries, newest first" columns={headers}>
      <tbody className={tableBodyClass}>
        {rows.map((row) => (
          <tr key={row.id} className="align-top">
            <td className={tableCellClass}>
              <DateTime value={row.at} />
            </td>
            <td className={tableCellClass}>{row.actorEmail ?? <span className="text-gray-500">System</span>}</td>
            <td className={tableCellClass}>
              <code className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-900">{row.action}</code>
            </td>
            <td className="px-4 py-3 text-gray-700">
              {row.targetType ? <span className="block">{row.targetType}</span> : null}
              {row.targetId ? <span className="block max-w-48 break-all font-mono text-xs text-gray-600">{row.targetId}</span> : null}
              {!row.targetType && !row.targetId ? <span className="text-gray-500">None</span> : null}
            </td>
            <td className={tableCellClass}>{row.companyName ?? <span className="text-gray-500">Platform</span>}</td>
            <td className={`${tableCellClass} font-mono text-xs`}>{row.ip ?? <span className="font-sans text-gray-500">Unknown</span>}</td>
            <td className="px-4 py-3 text-gray-700">
              <AuditChanges changes={row.changes} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Keyset paging: back to the newest entries, or on past the last one shown. */
export function AuditPager({ newestHref, nextHref, count }: { newestHref: string | null; nextHref: string | null; count: number }) {
  const summary = `${count === 1 ? "1 entry" : `${count} entries`} on this page${newestHref ? ", older than the previous page" : ""}.`;
  return <KeysetPager newestHref={newestHref} nextHref={nextHref} summary={summary} />;
}
