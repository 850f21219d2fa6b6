"use client";

import { Eye, EyeOff } from "lucide-react";
import { useId, useState, type InputHTMLAttributes } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import type { FormResult } from "@/components/ui/form";

/**
 * A password-type input for a secret, with a Show/Hide toggle. Styled like the kit's
 * TextField, with its hint and field errors wired by aria-describedby. The browser is
 * asked not to fill in or remember a password here: this is someone else's secret.
 */
export function SecretField({
  label,
  name,
  hint,
  result,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & { label: string; name: string; hint?: string; result: FormResult }) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const errors = result && !result.ok ? (result.fieldErrors?.[name] ?? []) : [];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const invalid = errors.length > 0;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-gray-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name={name}
          type={visible ? "text" : "password"}
          autoComplete="new-password"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          data-1p-ignore
          data-lpignore="true"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          {...props}
          className={`block w-full min-w-0 rounded-md border bg-white px-3 py-2 font-mono text-sm text-gray-900 shadow-sm placeholder:font-sans focus:outline-none focus:ring-2 ${
            invalid ? "border-red-500 focus:border-red-600 focus:ring-red-600/30" : "border-gray-300 focus:border-indigo-600 focus:ring-indigo-600/30"
          }`}
        />
        <button
          type="button"
          aria-controls={id}
          onClick={() => setVisible((shown) => !shown)}
          className={`inline-flex shrink-0 items-center gap-1.5 rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-800 shadow-sm hover:bg-gray-50 ${focusRing}`}
        >
          {visible ? <EyeOff aria-hidden className="size-4" /> : <Eye aria-hidden className="size-4" />}
          {visible ? "Hide" : "Show"}
          <span className="sr-only"> {label.toLowerCase()}</span>
        </button>
      </div>
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
