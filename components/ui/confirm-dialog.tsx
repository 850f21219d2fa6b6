"use client";

import { useId, useRef, type ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "./button";

/**
 * A destructive step behind a native <dialog>: the trigger opens it, and only the
 * confirm button inside submits the form given (or runs onConfirm). Esc cancels; the
 * dialog traps focus natively.
 */
export function ConfirmDialog({
  trigger,
  title,
  body,
  confirmLabel,
  variant = "danger",
  formAction,
  hiddenFields = {},
  children,
}: {
  trigger: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  formAction: (formData: FormData) => void;
  hiddenFields?: Record<string, string>;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  return (
    <>
      <button type="button" className={buttonClass(variant === "danger" ? "secondary" : variant)} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        className="m-auto w-full max-w-md rounded-lg border border-gray-200 p-0 shadow-xl backdrop:bg-gray-900/40"
      >
        <form action={formAction} onSubmit={() => dialog.current?.close()} className="space-y-4 p-6">
          <h2 id={headingId} className="text-base font-semibold text-gray-900">
            {title}
          </h2>
          <div className="text-sm text-gray-700">{body}</div>
          {Object.entries(hiddenFields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={buttonClass(variant)}>
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
