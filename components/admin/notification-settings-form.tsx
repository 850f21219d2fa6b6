"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/form";
import type { ActionResult } from "@/lib/action";

export type NotificationSettingsFormValues = { groupMinutes: string; retentionDays: string };

/** The grouping window and the retention of read notifications; controlled like SettingsForm. */
export function NotificationSettingsForm({
  action,
  initial,
}: {
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  initial: NotificationSettingsFormValues;
}) {
  const router = useRouter();
  const [result, formAction, pending] = useActionState(action, null);
  const [values, setValues] = useState(initial);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  const { groupMinutes, retentionDays } = initial;
  useEffect(() => setValues({ groupMinutes, retentionDays }), [groupMinutes, retentionDays]);

  const set = (field: keyof NotificationSettingsFormValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5" data-testid="notification-settings-form">
      <FormMessage result={result} />
      <TextField
        label="Grouping window (minutes)"
        name="groupMinutes"
        type="number"
        inputMode="numeric"
        min={1}
        max={1440}
        step={1}
        required
        value={values.groupMinutes}
        onChange={set("groupMinutes")}
        hint="From 1 to 1440. A failure joins its workflow's unread notification while that one is younger than this."
        result={result}
      />
      <TextField
        label="Keep read notifications (days)"
        name="retentionDays"
        type="number"
        inputMode="numeric"
        min={7}
        max={3650}
        step={1}
        required
        value={values.retentionDays}
        onChange={set("retentionDays")}
        hint="From 7 to 3650. Unread notifications are never deleted."
        result={result}
      />
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save notification settings"}
      </button>
    </form>
  );
}
