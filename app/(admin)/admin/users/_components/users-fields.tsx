"use client";

import type { Role } from "@/db/schema";
import { roleLabel } from "@/components/shell/role-label";
import { SelectField, TextField, type FormResult } from "@/components/ui/form";

export type UserFieldValues = { name: string; email: string; role: Role; companyId: string };
export type CompanyOptionView = { id: string; name: string };

/**
 * Name, email, role and company, controlled so a refused submission keeps what was typed.
 * Staff have no company: the company select is disabled (and so not sent) for them.
 */
export function UsersFields({
  values,
  onChange,
  result,
  roles,
  roleHint,
  companies,
}: {
  values: UserFieldValues;
  onChange: (values: UserFieldValues) => void;
  result: FormResult;
  roles: readonly Role[];
  /** why the role choice is limited, when it is */
  roleHint?: string;
  companies: readonly CompanyOptionView[];
}) {
  const isClient = values.role === "client";
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <TextField
        label="Name"
        name="name"
        result={result}
        required
        maxLength={100}
        autoComplete="off"
        value={values.name}
        onChange={(event) => onChange({ ...values, name: event.target.value })}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        result={result}
        required
        maxLength={254}
        autoComplete="off"
        value={values.email}
        onChange={(event) => onChange({ ...values, email: event.target.value })}
      />
      <SelectField
        label="Role"
        name="role"
        result={result}
        options={roles.map((role) => ({ value: role, label: roleLabel(role) }))}
        value={values.role}
        onChange={(event) => onChange({ ...values, role: event.target.value as Role })}
        hint={roleHint}
      />
      <SelectField
        label="Company"
        name="companyId"
        result={result}
        options={[
          { value: "", label: isClient ? "Choose a company" : "No company (staff)" },
          ...companies.map((company) => ({ value: company.id, label: company.name })),
        ]}
        value={isClient ? values.companyId : ""}
        onChange={(event) => onChange({ ...values, companyId: event.target.value })}
        disabled={!isClient}
        required={isClient}
        hint={isClient ? "The client company this user belongs to." : "Staff users (admins and sales engineers) have no company."}
      />
    </div>
  );
}
