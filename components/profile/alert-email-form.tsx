"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useState, type FormEvent } from "react";
import type { AlertEmailPreference } from "@/db/schema";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { FormMessage } from "@/components/ui/form";
import type { ProfileAction } from "./profile-name-form";

const choices: { value: AlertEmailPreference; label: string; hint: string }[] = [
  { value: "in_app", label: "In-app only", hint: "Alerts reach you as notifications in Nexus, never by email." },
  { value: "email", label: "Email me each alert", hint: "An email for every alert that concerns you, as it happens." },
  { value: "digest", label: "Daily digest", hint: "One email a day with the day's alerts." },
];

/**
 * How workflow alerts reach the viewer beside the in-app notification. Controlled radios
 * sent with onSubmit: React's reset after a form action would put them back on the
 * server's value while the state keeps the chosen one.
 */
export function AlertEmailForm({ action, value, audience }: { action: ProfileAction; value: AlertEmailPreference; audience: "staff" | "client" }) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(action, null);
  const [chosen, setChosen] = useState(value);
  const id = useId();

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  useEffect(() => setChosen(value), [value]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
  const errors = result && !result.ok ? (result.fieldErrors?.alertEmail ?? []) : [];

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5" data-testid="alert-email-form">
      <FormMessage result={result} />
      <fieldset aria-describedby={`${id}-about${errors.length > 0 ? ` ${id}-error` : ""}`}>
        <legend className="text-sm font-medium text-gray-800">Alert emails</legend>
        <p id={`${id}-about`} className="mt-1 text-xs text-gray-600">
          {audience === "staff"
            ? "Alerts open when a workflow of your companies runs late or keeps failing."
            : "You hear about an alert when your agency has not picked it up after a while, and again when it is resolved."}
        </p>
        <div className="mt-3 space-y-2">
          {choices.map((choice) => (
            <label
              key={choice.value}
              className={`flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2.5 text-sm ${
                chosen === choice.value ? "border-indigo-600 bg-indigo-50" : "border-gray-300 bg-white hover:bg-gray-50"
              }`}
            >
              <input
                type="radio"
                name="alertEmail"
                value={choice.value}
                checked={chosen === choice.value}
                onChange={() => setChosen(choice.value)}
                className={`mt-0.5 size-4 accent-indigo-600 ${focusRing}`}
              />
              <span>
                <span className="block font-medium text-gray-900">{choice.label}</span>
                <span className="block text-gray-600">{choice.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.length > 0 ? (
          <p id={`${id}-error`} className="mt-2 text-sm text-red-700">
            {errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save alert emails"}
      </button>
    </form>
  );
}
