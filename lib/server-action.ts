import "server-only";
import { getDb } from "@/db";
import type { ActionResult, Command } from "./action";
import { requestLogger } from "./logger";
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
    try {
      return await run({ db: getDb(), viewer, meta }, input);
    } catch (error) {
      // Expected failures are results; this is a bug or an outage. Log it with context
      // (never the input, which may hold secrets) and answer with a generic message.
      const log = await requestLogger({ source: "server-action" });
      log.error({ err: error, viewerId: viewer?.id ?? null }, "server action failed");
      return { ok: false, status: 500, error: "Something went wrong on our side. Try again in a moment." };
    }
  };
}
