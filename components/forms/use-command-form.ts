import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import type { ActionResult, FormAction } from "@/lib/action";

/**
 * useActionState for the staff forms (companies, billing), plus what React 19's automatic form reset needs:
 * after every submission the form remounts (`formKey`) with the values the user sent while
 * the server's values (`version`) are unchanged, so a refused submission keeps its input,
 * selects included; once the page refreshes with new server values, those win.
 * On success the page refreshes (pages are dynamic), unless `onSuccess` says otherwise.
 */
export function useCommandForm<T>(
  action: FormAction<T>,
  { version, onSuccess }: { version: string; onSuccess?: (result: ActionResult<T> & { ok: true }) => void },
) {
  const router = useRouter();
  const [attempt, setAttempt] = useState<{ count: number; version: string; values: Record<string, string> }>({
    count: 0,
    version,
    values: {},
  });
  const [result, formAction, pending] = useActionState(async (previous: ActionResult<T> | null, formData: FormData) => {
    const values: Record<string, string> = {};
    for (const [name, value] of formData.entries()) if (typeof value === "string") values[name] = value;
    setAttempt((last) => ({ count: last.count + 1, version, values }));
    return action(previous, formData);
  }, null);

  // The latest callback, without making each render's new function re-run the effect below.
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });
  useEffect(() => {
    if (!result?.ok) return;
    if (onSuccessRef.current) onSuccessRef.current(result);
    else router.refresh();
  }, [result, router]);

  const submitted = attempt.version === version ? attempt.values : {};
  return {
    result,
    formAction,
    pending,
    formKey: `${version}#${attempt.count}`,
    /** the value to show in a field: what was just sent, or the server's */
    valueOf: (name: string, serverValue: string): string => submitted[name] ?? serverValue,
  };
}
