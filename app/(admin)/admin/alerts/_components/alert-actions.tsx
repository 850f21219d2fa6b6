"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId } from "react";
import { FormMessage, SelectField, SubmitButton } from "@/components/ui/form";
import { durationInWords } from "@/lib/expectations";
import { acknowledgeAlertAction, snoozeAlertAction } from "../actions";

/** After a successful save the page re-reads the alert (its timeline included). */
function useRefreshOnSuccess(result: { ok: boolean } | null) {
  const router = useRouter();
  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
}

/** Acknowledge with an optional note: staff see the note; the client only sees that the agency is on it. */
export function AcknowledgeAlertForm({ alertId }: { alertId: string }) {
  const [result, formAction] = useActionState(acknowledgeAlertAction, null);
  useRefreshOnSuccess(result);
  const id = useId();
  const errors = result && !result.ok ? (result.fieldErrors?.note ?? []) : [];
  return (
    <form action={formAction} className="space-y-4" aria-labelledby={`${id}-title`} data-testid="acknowledge-form">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-gray-900">
        Acknowledge
      </h3>
      <FormMessage result={result} />
      <input type="hidden" name="alertId" value={alertId} />
      <div className="space-y-1.5">
        <label htmlFor={`${id}-note`} className="block text-sm font-medium text-gray-800">
          Note for staff (optional)
        </label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={3}
          maxLength={500}
          aria-describedby={`${id}-hint${errors.length > 0 ? ` ${id}-error` : ""}`}
          aria-invalid={errors.length > 0 || undefined}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:outline-none focus:ring-2 ${
            errors.length > 0 ? "border-red-500 focus:border-red-600 focus:ring-red-600/30" : "border-gray-300 focus:border-indigo-600 focus:ring-indigo-600/30"
          }`}
        />
        <p id={`${id}-hint`} className="text-xs text-gray-600">
          What is being done, for the other staff. Clients never see it: they see that their agency is on it.
        </p>
        {errors.length > 0 ? (
          <p id={`${id}-error`} className="text-sm text-red-700">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
      <SubmitButton pendingText="Acknowledging…">Acknowledge</SubmitButton>
    </form>
  );
}

/**
 * Snooze: clients are not told about the alert before the snooze ends. The lengths come
 * from the page (SNOOZE_MINUTES in ../schema.ts, which imports db/schema and so stays on
 * the server).
 */
export function SnoozeAlertForm({ alertId, lengths }: { alertId: string; lengths: readonly number[] }) {
  const [result, formAction] = useActionState(snoozeAlertAction, null);
  useRefreshOnSuccess(result);
  const id = useId();
  return (
    <form action={formAction} className="space-y-4" aria-labelledby={`${id}-title`} data-testid="snooze-form">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-gray-900">
        Snooze
      </h3>
      <FormMessage result={result} />
      <input type="hidden" name="alertId" value={alertId} />
      <SelectField
        label="Snooze for"
        name="minutes"
        defaultValue={String(lengths[0] ?? "")}
        options={lengths.map((minutes) => ({ value: String(minutes), label: durationInWords(minutes) }))}
        hint="Holds back telling the company's clients until then; the alert stays open and still resolves by itself."
        result={result}
      />
      <SubmitButton variant="secondary" pendingText="Snoozing…">
        Snooze
      </SubmitButton>
    </form>
  );
}
