"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { FormMessage, SubmitButton, TextField } from "@/components/ui/form";
import type { ActionResult } from "@/lib/action";

export type ProfileAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** The viewer's own name. Controlled, so a refused save keeps what was typed. */
export function ProfileNameForm({ action, name, email }: { action: ProfileAction; name: string; email: string }) {
  const router = useRouter();
  const [result, formAction] = useActionState(action, null);
  const [value, setValue] = useState(name);

  useEffect(() => {
    // the header shows the name too
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <form action={formAction} noValidate className="max-w-xl space-y-5">
      <FormMessage result={result} />
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        result={result}
      />
      <TextField label="Email" name="email-display" type="email" value={email} readOnly disabled hint="Ask an administrator to change your email address." result={null} />
      <SubmitButton>Save name</SubmitButton>
    </form>
  );
}
