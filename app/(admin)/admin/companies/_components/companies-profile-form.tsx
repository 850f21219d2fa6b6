"use client";

import { updateCompanyProfileAction } from "@/app/(admin)/admin/companies/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { FormMessage, SelectField, SubmitButton, TextField } from "@/components/ui/form";

export type CompanyProfileValues = {
  id: string;
  name: string;
  industry: string;
  /** in the currency's major unit, "65.00"; "" for the platform default */
  hourlyRate: string;
  status: string;
};

/** Name, industry, hourly rate and status: what an admin or the company's SE may edit. */
export function CompaniesProfileForm({
  company,
  statusOptions,
  defaultRateLabel,
}: {
  company: CompanyProfileValues;
  statusOptions: { value: string; label: string }[];
  defaultRateLabel: string;
}) {
  const { result, formAction, formKey, valueOf } = useCommandForm(updateCompanyProfileAction, {
    version: JSON.stringify(company),
  });
  return (
    <form key={formKey} action={formAction} noValidate className="space-y-5">
      <input type="hidden" name="id" value={company.id} />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={120} autoComplete="off" defaultValue={valueOf("name", company.name)} result={result} />
        <TextField label="Industry" name="industry" required maxLength={80} defaultValue={valueOf("industry", company.industry)} result={result} />
        <TextField
          label="Hourly rate"
          name="hourlyRate"
          inputMode="decimal"
          placeholder="65.00"
          hint={`Leave blank for the platform default (${defaultRateLabel}).`}
          defaultValue={valueOf("hourlyRate", company.hourlyRate)}
          result={result}
        />
        <SelectField
          label="Status"
          name="status"
          hint="Archiving is a separate step, for admins."
          options={statusOptions}
          defaultValue={valueOf("status", company.status)}
          result={result}
        />
      </div>
      <FormMessage result={result} />
      <SubmitButton>Save profile</SubmitButton>
    </form>
  );
}
