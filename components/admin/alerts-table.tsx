import Link from "next/link";
import type { AlertListItem } from "@/db/queries/alert-views";
import { AlertStateBadge, ConditionBadge } from "@/components/alerts/alert-labels";
import { DateTime } from "@/components/ui/date-time";
import { FilterForm } from "@/components/ui/filter-form";
import { focusRing } from "@/components/ui/focus-ring";
import { KeysetPager } from "@/components/ui/pagination";
import { Table, tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";

export type AlertFilterValues = { companyId?: string; workflowId?: string; state?: string; condition?: string };

const stateOptions = [
  { value: "active", label: "Active (open or acknowledged)" },
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
] as const;

const conditionOptions = [
  { value: "late", label: "Late" },
  { value: "failing", label: "Failing" },
] as const;

/** The alerts page's filters (components/ui/filter-form.tsx); applying starts from the newest alert. */
export function AlertFilters({
  values,
  companies,
  workflows,
}: {
  values: AlertFilterValues;
  companies: readonly { id: string; name: string }[];
  workflows: readonly { id: string; name: string; companyName: string }[];
}) {
  return (
    <FilterForm
      action="/admin/alerts"
      label="Filter the alerts"
      values={values}
      fields={[
        { kind: "select", name: "companyId", label: "Company", allLabel: "All companies", options: companies.map((company) => ({ value: company.id, label: company.name })) },
        {
          kind: "select",
          name: "workflowId",
          label: "Workflow",
          allLabel: "All workflows",
          options: workflows.map((workflow) => ({ value: workflow.id, label: `${workflow.name} (${workflow.companyName})` })),
        },
        { kind: "select", name: "state", label: "State", allLabel: "All states", options: stateOptions },
        { kind: "select", name: "condition", label: "Condition", allLabel: "Late or failing", options: conditionOptions },
      ]}
    />
  );
}

/**
 * One page of alerts, newest first. `showWorkflow` is off where every row is one
 * workflow's (its page's history).
 */
export function AlertsTable({
  rows,
  caption,
  now,
  showWorkflow = true,
}: {
  rows: readonly AlertListItem[];
  caption: string;
  /** the request's time, to tell whether a snooze still runs */
  now: Date;
  showWorkflow?: boolean;
}) {
  return (
    <Table caption={caption}>
      <thead className={tableHeadClass}>
        <tr>
          {showWorkflow ? (
            <>
              <th scope="col" className={tableHeaderCellClass}>
                Workflow
              </th>
              <th scope="col" className={tableHeaderCellClass}>
                Company
              </th>
            </>
          ) : null}
          <th scope="col" className={tableHeaderCellClass}>
            Condition
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            State
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Opened
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Acknowledged by
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Summary
          </th>
        </tr>
      </thead>
      <tbody className={tableBodyClass} data-testid="alerts-rows">
        {rows.map((row) => {
          const link = (
            <Link
              prefetch={false}
              href={`/admin/alerts/${row.id}`}
              className={`rounded-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
            >
              {showWorkflow ? row.workflowName : <DateTime value={row.openedAt} />}
            </Link>
          );
          return (
            <tr key={row.id} data-alert-id={row.id} data-workflow-id={row.workflowId} className="align-top">
              {showWorkflow ? (
                <>
                  <th scope="row" className={`${tableCellClass} font-medium`}>
                    {link}
                  </th>
                  <td className={tableCellClass}>{row.companyName}</td>
                </>
              ) : null}
              <td className={tableCellClass}>
                <ConditionBadge condition={row.condition} />
              </td>
              <td className={tableCellClass}>
                <AlertStateBadge state={row.state} />
                {row.state !== "resolved" && row.snoozedUntil && row.snoozedUntil.getTime() > now.getTime() ? (
                  <span className="mt-1 block text-xs text-gray-600">
                    Snoozed until <DateTime value={row.snoozedUntil} />
                  </span>
                ) : null}
              </td>
              {showWorkflow ? (
                <td className={tableCellClass}>
                  <DateTime value={row.openedAt} />
                </td>
              ) : (
                <th scope="row" className={`${tableCellClass} font-medium`}>
                  {link}
                </th>
              )}
              <td className={tableCellClass}>
                {row.acknowledgedAt ? (row.acknowledgedByName ?? "A former staff member") : <span className="text-gray-600">Not yet</span>}
              </td>
              <td className="min-w-64 px-4 py-3 text-gray-700">{row.summary}</td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/** Keyset paging: back to the newest alerts, or on past the last one shown. */
export function AlertsPager({ newestHref, nextHref, count }: { newestHref: string | null; nextHref: string | null; count: number }) {
  const summary = `${count === 1 ? "1 alert" : `${count} alerts`} on this page${newestHref ? ", older than the previous page" : ""}.`;
  return <KeysetPager newestHref={newestHref} nextHref={nextHref} summary={summary} />;
}
