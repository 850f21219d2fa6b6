"use client";

import { useRouter } from "next/navigation";
import { createCompanyAction } from "@/app/(admin)/admin/companies/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { ButtonLink } from "@/components/ui/button";
import { FormMessage, SelectField, SubmitButton, TextField } from "@/components/ui/form";

type Option = { value: string; label: string };

export function CompaniesCreateForm({
  statusOptions,
  planOptions,
  seOptions,
  defaultRateLabel,
}: {
  statusOptions: Option[];
  planOptions: Option[];
  seOptions: Option[];
  /** the platform default hourly rate, formatted, e.g. "$50.00" */
  defaultRateLabel: string;
}) {
  const router = useRouter();
  const { result, formAction, formKey, valueOf } = useCommandForm(createCompanyAction, {
    version: "new",
    onSuccess: (created) => {
      if (created.data) router.push(`/admin/companies/${created.data.id}`);
    },
  });
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-2xl space-y-5">
      <FormMessage result={result} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={120} autoComplete="off" defaultValue={valueOf("name", "")} result={result} />
        <TextField label="Industry" name="industry" required maxLength={80} defaultValue={valueOf("industry", "")} result={result} />
        <TextField
          label="Hourly rate"
          name="hourlyRate"
          inputMode="decimal"
          placeholder="65.00"
          hint={`What an hour of the client's staff is worth, for the ROI figures. Leave blank for the platform default (${defaultRateLabel}).`}
          defaultValue={valueOf("hourlyRate", "")}
          result={result}
        />
        <SelectField label="Status" name="status" options={statusOptions} defaultValue={valueOf("status", "onboarding")} result={result} />
        <SelectField
          label="Plan"
          name="planId"
          options={[{ value: "", label: "No plan yet" }, ...planOptions]}
          defaultValue={valueOf("planId", "")}
          result={result}
        />
        <SelectField
          label="Assigned SE"
          name="assignedSeId"
          hint="The sales engineer who looks after this company."
          options={[{ value: "", label: "No SE yet" }, ...seOptions]}
          defaultValue={valueOf("assignedSeId", "")}
          result={result}
        />
      </div>
      <div className="flex gap-2">
        <SubmitButton pendingText="Creating…">Create company</SubmitButton>
        <ButtonLink href="/admin/companies" variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
