"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { Role } from "@/db/schema";
import { createUserAction } from "@/app/(admin)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";
import { FormMessage, SubmitButton } from "@/components/ui/form";
import { UsersFields, type CompanyOptionView, type UserFieldValues } from "./users-fields";
import { UsersPasswordLink } from "./users-password-link";

type Props = { roles: readonly Role[]; roleHint?: string; companies: readonly CompanyOptionView[]; origin: string };

/** The create form; after a success, the invitation link in its place (shown this once). */
export function UsersCreateForm(props: Props) {
  // A new key starts a fresh form (and forgets the link) for the next user.
  const [round, setRound] = useState(0);
  return <CreateRound key={round} {...props} onAnother={() => setRound((value) => value + 1)} />;
}

function CreateRound({ roles, roleHint, companies, origin, onAnother }: Props & { onAnother: () => void }) {
  const [result, formAction] = useActionState(createUserAction, null);
  const [values, setValues] = useState<UserFieldValues>({
    name: "",
    email: "",
    role: "client",
    companyId: companies.length === 1 ? (companies[0]?.id ?? "") : "",
  });

  if (result?.ok && result.data) {
    const link = result.data;
    return (
      <Card title="Invitation link" description={result.message}>
        <div className="space-y-4">
          <UsersPasswordLink
            label="Invitation link"
            url={link.url}
            expiresAt={link.expiresAt}
            validFor="7 days"
            emailed={link.emailed}
            email={values.email.trim().toLowerCase()}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Link
              href={`/admin/users/${link.userId}`}
              className={`rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
            >
              Open this user
            </Link>
            <Button variant="secondary" onClick={onAnother}>
              Create another user
            </Button>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <Card title="Details" description="The new user chooses their password through an invitation link, valid for 7 days.">
      <form action={formAction} className="space-y-5" noValidate>
        <input type="hidden" name="origin" value={origin} />
        <UsersFields
          values={values}
          onChange={setValues}
          result={result}
          roles={roles}
          roleHint={roleHint}
          companies={companies}
        />
        <FormMessage result={result} />
        <div className="flex justify-end">
          <SubmitButton pendingText="Creating…">Create user</SubmitButton>
        </div>
      </form>
    </Card>
  );
}
