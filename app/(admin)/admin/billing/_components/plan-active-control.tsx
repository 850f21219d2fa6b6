"use client";

import { setPlanActiveAction } from "@/app/(admin)/admin/billing/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton } from "@/components/ui/form";

/** Retire a plan behind a confirmation (companies on it keep it), or reactivate a retired one. */
export function PlanActiveControl({
  planId,
  planName,
  active,
  companiesOnPlan,
}: {
  planId: string;
  planName: string;
  active: boolean;
  companiesOnPlan: number;
}) {
  const { result, formAction } = useCommandForm(setPlanActiveAction, { version: `active:${active}` });
  if (!active) {
    return (
      <form action={formAction} className="space-y-3">
        <input type="hidden" name="id" value={planId} />
        <input type="hidden" name="active" value="true" />
        <p className="text-sm text-gray-700">{planName} is retired. Reactivating lets admins choose it for companies again.</p>
        <FormMessage result={result} />
        <SubmitButton pendingText="Reactivating…">Reactivate plan</SubmitButton>
      </form>
    );
  }
  const staying =
    companiesOnPlan === 0
      ? "No company is on it now."
      : `${companiesOnPlan === 1 ? "The 1 company" : `The ${companiesOnPlan} companies`} on it keep it and are billed on it as before.`;
  return (
    <div className="space-y-3">
      <p className="text-sm text-gray-700">
        Retiring takes {planName} off the list of plans a company can be put on. {staying}
      </p>
      <FormMessage result={result} />
      <ConfirmDialog
        trigger="Retire plan"
        title={`Retire ${planName}?`}
        body={<p>It will no longer be offered for companies. {staying} You can reactivate it later.</p>}
        confirmLabel="Retire"
        formAction={formAction}
        hiddenFields={{ id: planId, active: "false" }}
      />
    </div>
  );
}
