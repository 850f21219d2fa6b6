import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";
import { formatCents, formatRuns } from "./billing-format";

export type PlanRow = {
  id: string;
  name: string;
  basePriceCents: number;
  includedRuns: number;
  overagePriceCents: number;
  currency: string;
  active: boolean;
  companiesOnPlan: number;
  companiesMovingToPlan: number;
};

/** The price list, for admins: each plan links to its edit page. */
export function PlansTable({ plans }: { plans: PlanRow[] }) {
  return (
    <Table caption="Plans" columns={["Name", { label: "Base price a month", align: "right" }, { label: "Included runs", align: "right" }, { label: "Price per extra run", align: "right" }, "Currency", { label: "Companies on it", align: "right" }, "Status"]}>
      <tbody className={tableBodyClass}>
        {plans.map((plan) => (
          <tr key={plan.id}>
            <th scope="row" className={`${tableCellClass} font-medium`}>
              <Link
                prefetch={false}
                href={`/admin/billing/plans/${plan.id}`}
                className={`rounded-sm text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
              >
                {plan.name}
              </Link>
            </th>
            <td className={`${tableCellClass} text-right tabular-nums`}>{formatCents(plan.basePriceCents, plan.currency)}</td>
            <td className={`${tableCellClass} text-right tabular-nums`}>{formatRuns(plan.includedRuns)}</td>
            <td className={`${tableCellClass} text-right tabular-nums`}>{formatCents(plan.overagePriceCents, plan.currency)}</td>
            <td className={tableCellClass}>{plan.currency}</td>
            <td className={`${tableCellClass} text-right tabular-nums`}>
              {plan.companiesOnPlan}
              {plan.companiesMovingToPlan > 0 ? (
                <span className="block text-xs text-gray-600">{`+${plan.companiesMovingToPlan} from next month`}</span>
              ) : null}
            </td>
            <td className={tableCellClass}>
              <StatusBadge status={plan.active ? "active" : "archived"} label={plan.active ? "Active" : "Retired"} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
