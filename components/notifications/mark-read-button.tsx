"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { markNotificationsReadAction } from "@/app/(client)/notifications/actions";
import { buttonClass } from "@/components/ui/button";

/** "Mark read" for one notification, or "Mark all read" with target "all". */
export function MarkReadButton({ target, label }: { target: string; label: string }) {
  const router = useRouter();
  const [result, action, pending] = useActionState(markNotificationsReadAction, null);
  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);
  return (
    <form action={action}>
      <input type="hidden" name="target" value={target} />
      <button type="submit" disabled={pending} className={buttonClass("secondary")}>
        {label}
      </button>
    </form>
  );
}
