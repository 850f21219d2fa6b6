"use client";

import Link from "next/link";
import { useActionState } from "react";
import { setPasswordAction } from "@/app/(auth)/set-password/[token]/actions";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, SubmitButton, TextField } from "@/components/ui/form";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [result, formAction] = useActionState(setPasswordAction, null);

  if (result?.ok) {
    return (
      <div className="space-y-4">
        <p role="status" data-testid="form-success" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your password is set.
        </p>
        <Link href="/login" className={`${buttonClass("primary")} w-full`}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <p className="text-sm text-gray-700">
        Choose a password for <span className="font-medium text-gray-900">{email}</span>.
      </p>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="At least 8 characters. Very common passwords are refused."
        result={result}
      />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        result={result}
      />
      <FormMessage result={result} />
      <SubmitButton pendingText="Setting password…">Set password</SubmitButton>
    </form>
  );
}
