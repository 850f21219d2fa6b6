import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { tenantDatabase } from "@/db/tenant";
import { can, type Capability, type CompanyScope, type Viewer } from "./authz";

/** What every server action returns; forms render it with useActionState. */
export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; status: 400 | 401 | 403 | 409 | 500; error: string; fieldErrors?: Record<string, string[]> };

/** A server action as useActionState calls it; components that are given one take this type. */
export type FormAction<T = undefined> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

export type RequestMeta = { ip: string | null; userAgent: string | null };

/** Who acts, on which database, from where: everything a command needs. */
export type ActionContext = { db: Database; viewer: Viewer | null; meta: RequestMeta };
/**
 * The context a command's body sees: the wrapper has already checked the viewer, and `db`
 * is scoped to the viewer's companies by row-level security (db/tenant.ts).
 */
export type AuthorizedContext = ActionContext & { viewer: Viewer };

export const forbidden = (): { ok: false; status: 403; error: string } => ({
  ok: false,
  status: 403,
  error: "You are not allowed to do that.",
});

export function invalid(error: string, fieldErrors?: Record<string, string[]>): ActionResult<never> {
  return { ok: false, status: 400, error, fieldErrors };
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

export type Command<T> = (context: ActionContext, input: unknown) => Promise<ActionResult<T>>;

/**
 * What row-level security lets a viewer's commands reach: an admin every company, an SE
 * their assigned companies, a client their own. Only admins hold "all" grants in the
 * matrix; each command still narrows to its capability's scope with `can`/`scopeFor`.
 */
export function tenantScopeOf(viewer: Viewer): CompanyScope {
  return viewer.role === "admin" ? { kind: "all" } : { kind: "companies", companyIds: viewer.companyIds };
}

/**
 * The one shape of every write: signed in → capability → zod → body. The body gets parsed
 * input and a context with the viewer; once it has loaded the row it checks the row's
 * company with `can` and answers `forbidden()` for a row it may not touch or that does
 * not exist, so the answer never tells which. Integration tests call commands directly;
 * lib/server-action.ts exposes one to forms.
 *
 * The body's `context.db` runs every statement as the `nexus_app` role scoped to the
 * viewer (`tenantScopeOf`, and the viewer's own user row and notifications): the
 * database's second line if a query forgets its company. Each statement or transaction
 * of the body is scoped on its own, so its commits and after-commit pushes are unchanged.
 */
export function command<Schema extends z.ZodType, T = undefined>(spec: {
  capability: Capability;
  schema: Schema;
  run: (context: AuthorizedContext, input: z.infer<Schema>) => Promise<ActionResult<T>>;
}): Command<T> {
  return async (context, input) => {
    const { viewer } = context;
    if (!viewer) return { ok: false, status: 401, error: "Your session has ended. Sign in again." };
    if (!can(viewer, spec.capability)) return forbidden();
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) return invalid("Check the highlighted fields.", fieldErrorsOf(parsed.error));
    const db = tenantDatabase(context.db, tenantScopeOf(viewer), { userId: viewer.id });
    return spec.run({ ...context, db, viewer }, parsed.data);
  };
}
