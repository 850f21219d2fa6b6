"use client";

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { useFormStatus } from "react-dom";
import { buttonClass, type ButtonVariant } from "./button";

/** The result shape of lib/action.ts, as forms see it. */
export type FormResult =
  | { ok: true; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> }
  | null;

const controlClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:outline-none focus:ring-2 disabled:bg-gray-100";
const okBorder = "border-gray-300 focus:border-indigo-600 focus:ring-indigo-600/30";
const errorBorder = "border-red-500 focus:border-red-600 focus:ring-red-600/30";

function errorsFor(result: FormResult, name: string): string[] {
  return result && !result.ok ? (result.fieldErrors?.[name] ?? []) : [];
}

/** A labelled control with its hint and its field errors, wired with aria-describedby. */
function Field({
  label,
  hint,
  errors,
  children,
}: {
  label: string;
  hint?: ReactNode;
  errors: string[];
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-gray-800">
        {label}
      </label>
      {children({ id, describedBy, invalid: errors.length > 0 })}
      {hint ? (
        <p id={hintId} className="text-xs text-gray-600">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  name,
  hint,
  result,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; hint?: ReactNode; result: FormResult }) {
  const errors = errorsFor(result, name);
  return (
    <Field label={label} hint={hint} errors={errors}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...props}
          className={`${controlClass} ${invalid ? errorBorder : okBorder}`}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  name,
  hint,
  result,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  hint?: ReactNode;
  result: FormResult;
  options: readonly { value: string; label: string }[];
}) {
  const errors = errorsFor(result, name);
  return (
    <Field label={label} hint={hint} errors={errors}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...props}
          className={`${controlClass} ${invalid ? errorBorder : okBorder}`}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The form-level outcome: the error, or the success message. Announced politely. */
export function FormMessage({ result }: { result: FormResult }) {
  if (!result) return null;
  const text = result.ok ? result.message : result.error;
  if (!text) return null;
  return (
    <p
      role="status"
      data-testid={result.ok ? "form-success" : "form-error"}
      className={`rounded-md px-3 py-2 text-sm ${result.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}
    >
      {text}
    </p>
  );
}

export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: ButtonVariant;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={buttonClass(variant)}>
      {pending ? (pendingText ?? "Saving…") : children}
    </button>
  );
}
