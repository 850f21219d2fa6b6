"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import type { FormAction } from "@/lib/action";
import { buttonClass } from "@/components/ui/button";

/**
 * "Mark read" for one notification, or "Mark all read" with target "all". The action is
 * the page's (app/(client)/notifications/actions.ts), passed down.
 */
export function MarkReadButton<T>({ target, label, action: markRead }: { target: string; label: string; action: FormAction<T> }) {
  const router = useRouter();
  const [result, action, pending] = useActionState(markRead, null);
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
