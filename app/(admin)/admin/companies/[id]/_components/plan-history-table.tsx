import type { PlanHistoryEntry } from "@/db/queries/company-plans";
import { DateTime } from "@/components/ui/date-time";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { monthStart } from "@/lib/billing";
import { formatMonth } from "../../format";

/**
 * The company's plan history, oldest first: which plan bills which months. The first plan
 * also covers any month before it; a change made during a month starts with the next one.
 */
export function PlanHistoryTable({ entries, thisMonth }: { entries: PlanHistoryEntry[]; thisMonth: string }) {
  const current = entries.filter((entry) => entry.fromMonth <= thisMonth).at(-1) ?? entries[0];
  return (
    <Table caption="Plan history" columns={["From", "Plan", "Set"]}>
      <tbody className={tableBodyClass}>
        {entries.map((entry, index) => (
          <tr key={entry.fromMonth}>
            <td className={tableCellClass}>
              {index === 0 ? `${formatMonth(monthStart(entry.fromMonth))} (and before)` : formatMonth(monthStart(entry.fromMonth))}
            </td>
            <td className={tableCellClass}>
              {entry.planName}
              {entry === current ? <span className="ml-2 text-xs font-medium text-emerald-800">this month</span> : null}
              {entry.fromMonth > thisMonth ? <span className="ml-2 text-xs font-medium text-amber-800">scheduled</span> : null}
            </td>
            <td className={tableCellClass}>
              <DateTime value={entry.setAt} />
              {entry.setByName ? ` by ${entry.setByName}` : null}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
