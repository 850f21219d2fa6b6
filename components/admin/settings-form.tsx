"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/form";
import type { ActionResult } from "@/lib/action";

export type PlatformSettingsFormValues = {
  /** major units, like "50.00" */
  defaultHourlyRate: string;
  defaultMinutesSavedPerRun: string;
  currency: string;
};

/**
 * The platform defaults. Controlled fields, so a refused save keeps what was typed. It
 * submits from onSubmit rather than `<form action>`: React resets a form after an action,
 * and that reset puts a controlled <select> back on its first option in the DOM
 * (react#30580), so the next save would quietly send the wrong currency.
 */
export function SettingsForm({
  action,
  initial,
  currencies,
}: {
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  initial: PlatformSettingsFormValues;
  currencies: readonly { value: string; label: string }[];
}) {
  const router = useRouter();
  const [result, formAction, pending] = useActionState(action, null);
  const [values, setValues] = useState(initial);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  // After a save the page re-renders with the stored values ("50" comes back as "50.00").
  const { defaultHourlyRate, defaultMinutesSavedPerRun, currency } = initial;
  useEffect(() => {
    setValues({ defaultHourlyRate, defaultMinutesSavedPerRun, currency });
  }, [defaultHourlyRate, defaultMinutesSavedPerRun, currency]);

  const set = (field: keyof PlatformSettingsFormValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5">
      <FormMessage result={result} />
      <TextField
        label="Default hourly rate"
        name="defaultHourlyRate"
        inputMode="decimal"
        autoComplete="off"
        required
        value={values.defaultHourlyRate}
        onChange={set("defaultHourlyRate")}
        hint={`In ${values.currency}, like 50.00. Used for companies without their own hourly rate.`}
        result={result}
      />
      <TextField
        label="Default minutes saved per run"
        name="defaultMinutesSavedPerRun"
        type="number"
        inputMode="numeric"
        min={0}
        max={1440}
        step={1}
        required
        value={values.defaultMinutesSavedPerRun}
        onChange={set("defaultMinutesSavedPerRun")}
        hint="A whole number from 0 to 1440. Used for workflows without their own value."
        result={result}
      />
      <SelectField
        label="Currency"
        name="currency"
        value={values.currency}
        onChange={set("currency")}
        options={currencies}
        hint="The currency of rates, money saved and invoices."
        result={result}
      />
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
