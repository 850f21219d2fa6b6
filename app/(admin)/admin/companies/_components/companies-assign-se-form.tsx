"use client";

import { assignCompanySeAction } from "@/app/(admin)/admin/companies/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { FormMessage, SelectField, SubmitButton } from "@/components/ui/form";

/** Admin only: which active sales engineer looks after the company. */
export function CompaniesAssignSeForm({
  companyId,
  assignedSeId,
  seOptions,
  hint,
}: {
  companyId: string;
  /** the current SE when they can still be chosen (active, role se); "" otherwise */
  assignedSeId: string;
  seOptions: { value: string; label: string }[];
  hint?: string;
}) {
  const { result, formAction, formKey, valueOf } = useCommandForm(assignCompanySeAction, { version: assignedSeId });
  return (
    <form key={formKey} action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="id" value={companyId} />
      <SelectField
        label="Assigned SE"
        name="assignedSeId"
        hint={hint}
        options={[{ value: "", label: "No SE" }, ...seOptions]}
        defaultValue={valueOf("assignedSeId", assignedSeId)}
        result={result}
      />
      <FormMessage result={result} />
      <SubmitButton>Assign SE</SubmitButton>
    </form>
  );
}
