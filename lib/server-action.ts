import "server-only";
import { getDb } from "@/db";
import type { ActionResult, Command } from "./action";
import { requestMeta } from "./request-meta";
import { getViewer } from "./session";

/**
 * A command (lib/action.ts) as a server action for useActionState: the viewer comes from
 * this request's session, checked against the database; the input is the form's fields.
 */
export function serverAction<T>(run: Command<T>) {
  return async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    const [viewer, meta] = await Promise.all([getViewer(), requestMeta()]);
    const input = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$ACTION")));
    return run({ db: getDb(), viewer, meta }, input);
  };
}
