"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/ui/form";
import type { ProfileAction } from "./profile-name-form";

/**
 * Change the viewer's own password. Fields are uncontrolled on purpose: React clears them
 * after every submission, so no password lingers in the page.
 */
export function PasswordForm({ action }: { action: ProfileAction }) {
  const router = useRouter();
  const [result, formAction] = useActionState(action, null);

  useEffect(() => {
    // the count of other sessions drops to zero
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <form action={formAction} noValidate className="max-w-xl space-y-5">
      <FormMessage result={result} />
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        maxLength={128}
        result={result}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="At least 8 characters. Very common passwords are refused."
        result={result}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        result={result}
      />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
