import "server-only";
import type { z } from "zod";
import { can, type Capability, type Viewer } from "./authz";
import { getViewer } from "./session";

/** What every server action returns; forms render it with useActionState. */
export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };

export const NOT_ALLOWED: ActionResult<never> = { ok: false, error: "You are not allowed to do that." };

/**
 * The one wrapper for server actions: session → capability → zod → body. The body gets
 * parsed input and the viewer; it checks the target company with `can` once it has
 * loaded the row (a company it may not see answers like one that does not exist).
 */
export function authorizedAction<Schema extends z.ZodType, T = undefined>(
  capability: Capability,
  schema: Schema,
  body: (input: z.infer<Schema>, viewer: Viewer) => Promise<ActionResult<T>>,
) {
  return async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    const viewer = await getViewer();
    if (!viewer || !can(viewer, capability)) return NOT_ALLOWED;
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, error: "Check the highlighted fields.", fieldErrors };
    }
    return body(parsed.data, viewer);
  };
}
