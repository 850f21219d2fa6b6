"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import type { NotificationKind } from "@/db/schema";
import { buttonClass } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { FormMessage } from "@/components/ui/form";
import { KIND_LABELS, kindsOfferedTo } from "@/lib/notification-kinds";
import type { ProfileAction } from "./profile-name-form";

/**
 * Which kinds of notification the viewer wants in-app, one box per kind their role can
 * receive. Controlled boxes sent with onSubmit, like the alert email form.
 */
export function NotificationPreferencesForm({ action, muted, audience }: { action: ProfileAction; muted: NotificationKind[]; audience: "staff" | "client" }) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(action, null);
  const offered = kindsOfferedTo(audience === "client" ? "client" : "admin");
  const [off, setOff] = useState(new Set(muted));

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  useEffect(() => setOff(new Set(muted)), [muted]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-5" data-testid="notification-preferences-form">
      <FormMessage result={result} />
      <fieldset>
        <legend className="text-sm font-medium text-gray-800">In-app notifications</legend>
        <div className="mt-3 space-y-2">
          {offered.map((kind) => (
            <label key={kind} className="flex cursor-pointer items-start gap-3 rounded-md border border-gray-300 bg-white px-3 py-2.5 text-sm hover:bg-gray-50">
              <input
                type="checkbox"
                name={kind}
                value="on"
                checked={!off.has(kind)}
                onChange={(event) =>
                  setOff((current) => {
                    const next = new Set(current);
                    if (event.target.checked) next.delete(kind);
                    else next.add(kind);
                    return next;
                  })
                }
                className={`mt-0.5 size-4 accent-indigo-600 ${focusRing}`}
              />
              <span>
                <span className="block font-medium text-gray-900">{KIND_LABELS[kind].label}</span>
                <span className="block text-gray-600">{KIND_LABELS[kind].hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save notifications"}
      </button>
    </form>
  );
}
