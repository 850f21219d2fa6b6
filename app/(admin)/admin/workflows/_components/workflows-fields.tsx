"use client";

import { startTransition, useId, type ChangeEvent, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { SelectField, TextField, type FormResult } from "@/components/ui/form";
import { platformLabels, triggerLabels } from "@/components/workflows/workflow-labels";

/** The editable settings as the form holds them: strings, like the fields that post them. */
export type WorkflowFieldValues = {
  name: string;
  description: string;
  platform: string;
  trigger: string;
  /** "" for the platform default */
  minutesSavedPerRun: string;
};

const platformOptions = Object.entries(platformLabels).map(([value, label]) => ({ value, label }));
const triggerOptions = Object.entries(triggerLabels).map(([value, label]) => ({ value, label }));

/**
 * An onSubmit that hands the form's fields to a useActionState dispatch. Not `<form
 * action>`: React resets a form after an action, and a reset puts controlled selects back
 * on their first option while their state keeps the chosen one (react#30580), so the next
 * save would post the wrong platform, trigger or status.
 */
export function submitTo(dispatch: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
}

/** The submit button of a form sent with submitTo (useFormStatus only sees form actions). */
export function WorkflowSubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <button type="submit" disabled={pending} className={buttonClass("primary")}>
      {pending ? pendingLabel : label}
    </button>
  );
}

/**
 * The fields the create and settings forms share, controlled: the form holds what was
 * typed across a refused save, and the page's stored values after a successful one.
 */
export function WorkflowFields({
  values,
  onChange,
  result,
  defaultMinutesSavedPerRun,
}: {
  values: WorkflowFieldValues;
  onChange: (field: keyof WorkflowFieldValues, value: string) => void;
  result: FormResult;
  defaultMinutesSavedPerRun: number;
}) {
  const set = (field: keyof WorkflowFieldValues) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    onChange(field, event.target.value);
  return (
    <>
      <TextField label="Name" name="name" required maxLength={120} autoComplete="off" value={values.name} onChange={set("name")} result={result} />
      <DescriptionField value={values.description} onChange={set("description")} result={result} />
      <div className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label="Platform"
          name="platform"
          value={values.platform}
          onChange={set("platform")}
          options={platformOptions}
          result={result}
        />
        <SelectField
          label="Trigger"
          name="trigger"
          value={values.trigger}
          onChange={set("trigger")}
          options={triggerOptions}
          result={result}
        />
      </div>
      <TextField
        label="Minutes saved per run"
        name="minutesSavedPerRun"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        placeholder={`Platform default (${defaultMinutesSavedPerRun})`}
        value={values.minutesSavedPerRun}
        onChange={set("minutesSavedPerRun")}
        hint={`A whole number from 0 to 1440. Leave it blank to use the platform default, now ${defaultMinutesSavedPerRun}. Past runs keep the value they were recorded with.`}
        result={result}
      />
    </>
  );
}

/** A labelled textarea with its field errors (the form kit has single-line fields only). */
function DescriptionField({
  value,
  onChange,
  result,
}: {
  value: string;
  onChange: (event: ChangeEvent<HTMLTextAreaElement>) => void;
  result: FormResult;
}) {
  const id = useId();
  const errors = result && !result.ok ? (result.fieldErrors?.description ?? []) : [];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-gray-800">
        Description
      </label>
      <textarea
        id={id}
        name="description"
        rows={3}
        maxLength={2000}
        value={value}
        onChange={onChange}
        aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
        aria-invalid={invalid || undefined}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:outline-none focus:ring-2 ${
          invalid
            ? "border-red-500 focus:border-red-600 focus:ring-red-600/30"
            : "border-gray-300 focus:border-indigo-600 focus:ring-indigo-600/30"
        }`}
      />
      <p id={hintId} className="text-xs text-gray-600">
        What the automation does, in a sentence or two. Clients see it.
      </p>
      {invalid ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
