"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form";
import { eraseUserAction } from "../../actions";

/** Erasing a deactivated user's personal data (a privacy request), behind a confirmation. */
export function EraseUser({ user }: { user: { id: string; displayName: string } }) {
  const router = useRouter();
  const [result, erase] = useActionState(eraseUserAction, null);
  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <div className="space-y-3 border-t border-gray-200 pt-4">
      <p className="text-sm text-gray-600">
        For a privacy request: erase their name, email, password, sessions and notifications. The audit log keeps its
        entries with an anonymous actor. This cannot be undone.
      </p>
      <ConfirmDialog
        trigger="Erase personal data"
        title="Erase this user's personal data?"
        body={`${user.displayName} becomes "erased user #N" everywhere: their name, email, password, sessions and notifications are deleted, and the audit log's entries about them are anonymised. This cannot be undone.`}
        confirmLabel="Erase personal data"
        formAction={erase}
        hiddenFields={{ userId: user.id }}
      />
      <FormMessage result={result} />
    </div>
  );
}
