"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import {
  deactivateUserAction,
  reactivateUserAction,
  resetUserPasswordAction,
} from "@/app/(admin)/admin/users/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form";
import { UsersPasswordLink } from "./users-password-link";

/** Deactivate or reactivate, and reset the password; each behind a confirmation. */
export function UsersAccountActions({
  user,
  origin,
}: {
  user: { id: string; displayName: string; email: string; active: boolean; isSelf: boolean };
  origin: string;
}) {
  const router = useRouter();
  const [deactivated, deactivate] = useActionState(deactivateUserAction, null);
  const [reactivated, reactivate] = useActionState(reactivateUserAction, null);
  const [reset, resetPassword] = useActionState(resetUserPasswordAction, null);
  // Only the outcome of the step taken last is shown.
  const [last, setLast] = useState<"deactivate" | "reactivate" | "reset" | null>(null);

  useEffect(() => {
    if (deactivated?.ok || reactivated?.ok || reset?.ok) router.refresh();
  }, [deactivated, reactivated, reset, router]);

  if (user.isSelf) {
    return (
      <p className="text-sm text-gray-600">
        This is your own account: you cannot deactivate it here, and you change your password on your profile page.
      </p>
    );
  }

  const target = { userId: user.id };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {user.active ? (
          <ConfirmDialog
            trigger="Deactivate"
            title="Deactivate this user?"
            body={`${user.displayName} is signed out everywhere at once and cannot sign in until reactivated.`}
            confirmLabel="Deactivate user"
            formAction={(formData) => {
              setLast("deactivate");
              deactivate(formData);
            }}
            hiddenFields={target}
          />
        ) : (
          <ConfirmDialog
            trigger="Reactivate"
            title="Reactivate this user?"
            body={`${user.displayName} can sign in again with their password.`}
            confirmLabel="Reactivate user"
            variant="primary"
            formAction={(formData) => {
              setLast("reactivate");
              reactivate(formData);
            }}
            hiddenFields={target}
          />
        )}
        {user.active ? (
          <ConfirmDialog
            trigger="Reset password"
            title="Reset this user's password?"
            body={`${user.displayName}'s password stops working and they are signed out everywhere. You get a one-time link, valid for 24 hours, for them to choose a new password.`}
            confirmLabel="Reset password"
            formAction={(formData) => {
              setLast("reset");
              resetPassword(formData);
            }}
            hiddenFields={{ ...target, origin }}
          />
        ) : null}
      </div>
      <FormMessage result={last === "deactivate" ? deactivated : last === "reactivate" ? reactivated : last === "reset" ? reset : null} />
      {last === "reset" && reset?.ok && reset.data ? (
        <UsersPasswordLink
          label="Password reset link"
          url={reset.data.url}
          expiresAt={reset.data.expiresAt}
          validFor="24 hours"
          emailed={reset.data.emailed}
          email={user.email}
        />
      ) : null}
    </div>
  );
}
