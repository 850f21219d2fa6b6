"use client";

import Link from "next/link";
import { Loader2 } from "lucide-react";
import { useActionState, useEffect, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { FormMessage, TextField } from "@/components/ui/form";
import { StatusBadge } from "@/components/ui/status-badge";
import { mapWorkflowAction } from "../actions";
import { submitTo } from "./form-submit";

export type TrackOption = { value: string; label: string; disabled: boolean };

/** One n8n workflow as the connection page lists it: what n8n says and what Nexus tracks it as. */
export type WorkflowMappingItem = {
  externalWorkflowId: string;
  externalName: string;
  /** what n8n says of it: its active flag, that it no longer lists it, or nothing (n8n did not answer) */
  inN8n: "active" | "inactive" | "missing" | "unknown";
  mapping: { workflowId: string; workflowName: string; backfilledAt: string | null } | null;
  /** "Not tracked", "New Nexus workflow" and the company's workflows, those fed by another n8n workflow disabled */
  options: TrackOption[];
};

const presence = {
  active: { status: "active", label: "Active in n8n" },
  inactive: { status: "archived", label: "Inactive in n8n" },
  missing: { status: "failed", label: "No longer in n8n" },
} as const;

const selectClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:outline-none focus:ring-2 border-gray-300 focus:border-indigo-600 focus:ring-indigo-600/30";
const selectErrorClass = "border-red-500 focus:border-red-600 focus:ring-red-600/30";

function BackfillState({ backfilledAt }: { backfilledAt: string | null }) {
  if (backfilledAt) {
    return (
      <p className="text-sm text-gray-700" data-testid="backfill-state">
        History imported <DateTime value={new Date(backfilledAt)} />
      </p>
    );
  }
  return (
    <p className="flex items-center gap-1.5 text-sm text-indigo-800" data-testid="backfill-state">
      <Loader2 aria-hidden className="size-4 motion-safe:animate-spin" />
      Importing history…
    </p>
  );
}

/** A row of "Workflows in n8n": the n8n workflow, its current mapping, and (unless read-only) the form that changes it. */
export function WorkflowMappingRow({
  connectionId,
  item,
  defaultMinutesSavedPerRun,
  readOnly,
}: {
  connectionId: string;
  item: WorkflowMappingItem;
  defaultMinutesSavedPerRun: number;
  readOnly: boolean;
}) {
  const router = useRouter();
  const headingId = useId();
  const selectId = useId();
  const currentTarget = item.mapping?.workflowId ?? "untracked";
  const [target, setTarget] = useState(currentTarget);
  const [minutes, setMinutes] = useState("");
  const [result, dispatch, pending] = useActionState(mapWorkflowAction, null);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  // the stored choice wins once the page re-renders after a save
  useEffect(() => {
    setTarget(currentTarget);
    setMinutes("");
  }, [currentTarget]);

  const targetErrors = result && !result.ok ? (result.fieldErrors?.target ?? []) : [];
  const targetErrorId = `${selectId}-error`;

  return (
    <li className="py-4 first:pt-0 last:pb-0" aria-labelledby={headingId} data-external-workflow-id={item.externalWorkflowId}>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between lg:gap-8">
        <div className="min-w-0 space-y-1 lg:w-2/5">
          <h3 id={headingId} className="break-words font-medium text-gray-900">
            {item.externalName}
          </h3>
          <p className="flex flex-wrap items-center gap-2 text-xs text-gray-600">
            <span>
              n8n id <code className="font-mono text-gray-800">{item.externalWorkflowId}</code>
            </span>
            {item.inN8n === "unknown" ? null : <StatusBadge status={presence[item.inN8n].status} label={presence[item.inN8n].label} />}
          </p>
          <p className="text-sm text-gray-700" data-testid="current-mapping">
            {item.mapping ? (
              <>
                Tracked as{" "}
                <Link
                  href={`/admin/workflows/${item.mapping.workflowId}`}
                  className={`rounded-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                >
                  {item.mapping.workflowName}
                </Link>
              </>
            ) : (
              "Not tracked"
            )}
          </p>
          {item.mapping ? <BackfillState backfilledAt={item.mapping.backfilledAt} /> : null}
        </div>

        {readOnly ? null : (
          <form noValidate onSubmit={submitTo(dispatch)} className="space-y-3 lg:w-3/5">
            <input type="hidden" name="connectionId" value={connectionId} />
            <input type="hidden" name="externalWorkflowId" value={item.externalWorkflowId} />
            <input type="hidden" name="externalName" value={item.externalName} />
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="space-y-1.5">
                <label htmlFor={selectId} className="block text-sm font-medium text-gray-800">
                  Track as
                </label>
                <select
                  id={selectId}
                  name="target"
                  value={target}
                  onChange={(event) => setTarget(event.target.value)}
                  aria-invalid={targetErrors.length > 0 || undefined}
                  aria-describedby={targetErrors.length > 0 ? targetErrorId : undefined}
                  className={`${selectClass} ${targetErrors.length > 0 ? selectErrorClass : ""}`}
                >
                  {item.options.map((option) => (
                    <option key={option.value} value={option.value} disabled={option.disabled}>
                      {option.label}
                    </option>
                  ))}
                </select>
                {targetErrors.length > 0 ? (
                  <p id={targetErrorId} className="text-sm text-red-700">
                    {targetErrors.join(" ")}
                  </p>
                ) : null}
              </div>
              {target === "new" ? (
                <TextField
                  label="Minutes saved per run"
                  name="minutesSavedPerRun"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={1440}
                  step={1}
                  autoComplete="off"
                  placeholder={`Default (${defaultMinutesSavedPerRun})`}
                  hint="Blank uses the platform default."
                  value={minutes}
                  onChange={(event) => setMinutes(event.target.value)}
                  result={result}
                />
              ) : null}
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" disabled={pending} className={buttonClass("secondary")}>
                {pending ? "Saving…" : "Save"}
                <span className="sr-only"> {item.externalName}</span>
              </button>
            </div>
            <FormMessage result={result} />
          </form>
        )}
      </div>
    </li>
  );
}
