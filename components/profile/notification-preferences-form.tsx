"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useState, type FormEvent } from "react";
import type { NotificationKind } from "@/db/schema";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { FormMessage } from "@/components/ui/form";
import { EMAIL_CHOICE_LABELS, KIND_LABELS, kindsOfferedTo, type EmailChoice } from "@/lib/notification-kinds";
import type { ProfileAction } from "./profile-name-form";

const emailOptions = Object.keys(EMAIL_CHOICE_LABELS) as EmailChoice[];

/**
 * Per kind the viewer's role can receive: in-app on or off, and email off / at once / in the
 * daily digest. One fieldset per kind (its legend names it), the email radios a nested
 * fieldset. Controlled inputs sent with onSubmit: React's reset after a form action would
 * put them back on the server's values while the state keeps the chosen ones.
 */
export function NotificationPreferencesForm({
  action,
  muted,
  email,
  audience,
}: {
  action: ProfileAction;
  muted: NotificationKind[];
  email: Record<NotificationKind, EmailChoice>;
  audience: "staff" | "client";
}) {
  const router = useRouter();
  const id = useId();
  const [result, dispatch, pending] = useActionState(action, null);
  const offered = kindsOfferedTo(audience === "client" ? "client" : "admin");
  const [off, setOff] = useState(new Set(muted));
  const [emailChosen, setEmailChosen] = useState(email);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  useEffect(() => setOff(new Set(muted)), [muted]);
  useEffect(() => setEmailChosen(email), [email]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-5" data-testid="notification-preferences-form">
      <FormMessage result={result} />
      <p className="text-xs text-gray-600">
        {audience === "staff"
          ? "Alerts open when a workflow of your companies runs late or keeps failing."
          : "An email at once is sent when something starts (a burst of failures emails once, not per failure); the daily digest comes once a day at 08:00 UTC with what happened since the last one."}
      </p>
      {offered.map((kind) => {
        const errors = result && !result.ok ? (result.fieldErrors?.[`${kind}_email`] ?? []) : [];
        return (
          <fieldset key={kind} className="rounded-md border border-gray-300 bg-white px-4 py-3" data-testid={`notification-kind-${kind}`}>
            <legend className="px-1 text-sm font-medium text-gray-900">{KIND_LABELS[kind].label}</legend>
            <p id={`${id}-${kind}-hint`} className="text-sm text-gray-600">
              {KIND_LABELS[kind].hint}
            </p>
            <label className="mt-3 flex cursor-pointer items-center gap-3 text-sm text-gray-800">
              <input
                type="checkbox"
                name={kind}
                value="on"
                checked={!off.has(kind)}
                aria-describedby={`${id}-${kind}-hint`}
                onChange={(event) =>
                  setOff((current) => {
                    const next = new Set(current);
                    if (event.target.checked) next.delete(kind);
                    else next.add(kind);
                    return next;
                  })
                }
                className={`size-4 accent-indigo-600 ${focusRing}`}
              />
              In-app
            </label>
            <fieldset className="mt-3" aria-describedby={errors.length > 0 ? `${id}-${kind}-error` : undefined}>
              <legend className="text-sm text-gray-800">Email</legend>
              <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
                {emailOptions.map((choice) => (
                  <label key={choice} className="flex cursor-pointer items-center gap-2 text-sm text-gray-800">
                    <input
                      type="radio"
                      name={`${kind}_email`}
                      value={choice}
                      checked={emailChosen[kind] === choice}
                      onChange={() => setEmailChosen((current) => ({ ...current, [kind]: choice }))}
                      className={`size-4 accent-indigo-600 ${focusRing}`}
                    />
                    {EMAIL_CHOICE_LABELS[choice]}
                  </label>
                ))}
              </div>
              {errors.length > 0 ? (
                <p id={`${id}-${kind}-error`} className="mt-2 text-sm text-red-700">
                  {errors.join(" ")}
                </p>
              ) : null}
            </fieldset>
          </fieldset>
        );
      })}
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save notifications"}
      </button>
    </form>
  );
}
