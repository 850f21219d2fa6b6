"use client";

import { changeCompanyPlanAction } from "@/app/(admin)/admin/companies/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { FormMessage, SelectField, SubmitButton } from "@/components/ui/form";

/** Admin only: the company's plan; with a plan already, the new one applies from next month. */
export function CompaniesPlanForm({
  companyId,
  selectedPlanId,
  hasPlan,
  planOptions,
  hint,
}: {
  companyId: string;
  /** the pending plan, else the current one, else "" */
  selectedPlanId: string;
  hasPlan: boolean;
  planOptions: { value: string; label: string }[];
  hint: string;
}) {
  const { result, formAction, formKey, valueOf } = useCommandForm(changeCompanyPlanAction, {
    version: `${selectedPlanId}:${hasPlan}`,
  });
  const options = selectedPlanId === "" ? [{ value: "", label: "Choose a plan" }, ...planOptions] : planOptions;
  return (
    <form key={formKey} action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="id" value={companyId} />
      <SelectField
        label="Plan"
        name="planId"
        hint={hint}
        options={options}
        defaultValue={valueOf("planId", selectedPlanId)}
        result={result}
      />
      <FormMessage result={result} />
      <SubmitButton>{hasPlan ? "Change plan" : "Set plan"}</SubmitButton>
    </form>
  );
}
