"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { FormMessage, SubmitButton, TextField, type FormResult } from "@/components/ui/form";
import { setIngestionLimitsAction } from "../ingestion-limits/actions";

export type IngestionLimitValues = {
  keyRatePerMinute: number | null;
  keyBurst: number | null;
  companyRatePerMinute: number | null;
  companyBurst: number | null;
};

/** The company's four limits; a blank field means the platform default (shown as its hint). */
export function IngestionLimitsForm({
  companyId,
  values,
  defaults,
}: {
  companyId: string;
  values: IngestionLimitValues;
  defaults: { [Field in keyof IngestionLimitValues]: number };
}) {
  const router = useRouter();
  const [result, formAction] = useActionState(setIngestionLimitsAction, null);
  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  const field = (name: keyof IngestionLimitValues, label: string, unit: string) => (
    <TextField
      label={label}
      name={name}
      inputMode="numeric"
      autoComplete="off"
      placeholder={defaults[name].toLocaleString("en-US")}
      hint={`Blank: the default, ${defaults[name].toLocaleString("en-US")} ${unit}.`}
      defaultValue={values[name] === null ? "" : String(values[name])}
      result={result as FormResult}
    />
  );
  return (
    <form action={formAction} noValidate className="space-y-4 border-t border-gray-200 pt-4" aria-label="Ingestion limits">
      <input type="hidden" name="companyId" value={companyId} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {field("keyRatePerMinute", "Per key: reports a minute", "a minute")}
        {field("keyBurst", "Per key: burst", "reports")}
        {field("companyRatePerMinute", "All keys: reports a minute", "a minute")}
        {field("companyBurst", "All keys: burst", "reports")}
      </div>
      <FormMessage result={result as FormResult} />
      <SubmitButton>Save limits</SubmitButton>
    </form>
  );
}
