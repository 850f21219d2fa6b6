"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form";
import type { ProfileAction } from "./profile-name-form";

/** How many other browsers are signed in as the viewer, and a way to sign them all out. */
export function OtherSessions({ action, count }: { action: ProfileAction; count: number }) {
  const router = useRouter();
  const [result, formAction] = useActionState(action, null);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <div className="space-y-4">
      <FormMessage result={result} />
      <p className="text-sm text-gray-700" data-testid="other-sessions">
        {count === 0
          ? "You are signed in only in this browser."
          : count === 1
            ? "You have 1 other active session (another browser or device)."
            : `You have ${count} other active sessions (other browsers or devices).`}
      </p>
      {count > 0 ? (
        <ConfirmDialog
          trigger="Sign out of all other sessions"
          title="Sign out of all other sessions?"
          body="Every other browser and device signed in as you will have to sign in again. This browser stays signed in."
          confirmLabel="Sign out other sessions"
          formAction={formAction}
        />
      ) : null}
    </div>
  );
}
