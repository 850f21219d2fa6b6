"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import type { Role } from "@/db/schema";
import { updateUserAction } from "@/app/(admin)/admin/users/actions";
import { FormMessage, SubmitButton } from "@/components/ui/form";
import { UsersFields, type CompanyOptionView, type UserFieldValues } from "./users-fields";

export type EditableUserView = { id: string; name: string; email: string; role: Role; companyId: string };

export function UsersEditForm({
  user,
  roles,
  roleHint,
  companies,
}: {
  user: EditableUserView;
  roles: readonly Role[];
  roleHint?: string;
  companies: readonly CompanyOptionView[];
}) {
  const router = useRouter();
  const [result, formAction] = useActionState(updateUserAction, null);
  const [values, setValues] = useState<UserFieldValues>({
    name: user.name,
    email: user.email,
    role: user.role,
    companyId: user.companyId,
  });

  useEffect(() => {
    // The page is dynamic: refetch it so the header and the account panel show the change.
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="userId" value={user.id} />
      <UsersFields
        values={values}
        onChange={setValues}
        result={result}
        roles={roles}
        roleHint={roleHint}
        companies={companies}
      />
      <p className="text-sm text-gray-600">
        Changing the role or the company signs the user out everywhere, so the change applies at once.
      </p>
      <FormMessage result={result} />
      <div className="flex justify-end">
        <SubmitButton>Save changes</SubmitButton>
      </div>
    </form>
  );
}
