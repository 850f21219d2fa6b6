"use client";

import { useRouter } from "next/navigation";
import { createPlanAction, updatePlanAction } from "@/app/(admin)/admin/billing/actions";
import { PLAN_NAME_MAX } from "@/app/(admin)/admin/billing/schema";
import { useCommandForm } from "@/components/forms/use-command-form";
import { FormMessage, SubmitButton, TextField, type FormResult } from "@/components/ui/form";

export type PlanFormValues = {
  name: string;
  /** in the major unit, as typed: "49.99" */
  basePrice: string;
  includedRuns: string;
  overagePrice: string;
};

/**
 * The plan's fields. Prices are typed in the currency's major unit with up to two
 * decimals; the server converts them to cents exactly.
 */
function PlanFields({
  currency,
  result,
  valueOf,
  values,
}: {
  currency: string;
  result: FormResult;
  valueOf: (name: string, serverValue: string) => string;
  values: PlanFormValues;
}) {
  return (
    <>
      <TextField
        label="Name"
        name="name"
        required
        maxLength={PLAN_NAME_MAX}
        autoComplete="off"
        defaultValue={valueOf("name", values.name)}
        result={result}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label={`Base price a month (${currency})`}
          name="basePrice"
          inputMode="decimal"
          required
          hint="For example 490.00"
          defaultValue={valueOf("basePrice", values.basePrice)}
          result={result}
        />
        <TextField
          label="Included runs a month"
          name="includedRuns"
          inputMode="numeric"
          required
          hint="Succeeded and failed runs"
          defaultValue={valueOf("includedRuns", values.includedRuns)}
          result={result}
        />
        <TextField
          label={`Price per extra run (${currency})`}
          name="overagePrice"
          inputMode="decimal"
          required
          hint="For example 0.03"
          defaultValue={valueOf("overagePrice", values.overagePrice)}
          result={result}
        />
      </div>
    </>
  );
}

const blank: PlanFormValues = { name: "", basePrice: "", includedRuns: "", overagePrice: "" };

/** A new plan; on success, back to the billing page where it is listed. */
export function CreatePlanForm({ currency }: { currency: string }) {
  const router = useRouter();
  const { result, formAction, formKey, valueOf } = useCommandForm(createPlanAction, {
    version: "new",
    onSuccess: () => router.push("/admin/billing"),
  });
  return (
    <form key={formKey} action={formAction} noValidate className="space-y-4">
      <PlanFields currency={currency} result={result} valueOf={valueOf} values={blank} />
      <FormMessage result={result} />
      <SubmitButton>Create plan</SubmitButton>
    </form>
  );
}

/** An existing plan's name and prices; issued invoices keep the prices they were issued with. */
export function EditPlanForm({ planId, currency, values }: { planId: string; currency: string; values: PlanFormValues }) {
  const { result, formAction, formKey, valueOf } = useCommandForm(updatePlanAction, { version: JSON.stringify(values) });
  return (
    <form key={formKey} action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="id" value={planId} />
      <PlanFields currency={currency} result={result} valueOf={valueOf} values={values} />
      <p className="text-sm text-gray-700">
        New prices apply to invoices issued from now on; invoices already issued keep the prices they were issued with.
      </p>
      <FormMessage result={result} />
      <SubmitButton>Save plan</SubmitButton>
    </form>
  );
}
