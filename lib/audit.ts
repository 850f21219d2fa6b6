import "server-only";
import type { Queryable } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import type { ActionContext } from "./action";

// Never written to the audit log, whatever a caller passes.
const SECRET_FIELDS = new Set(["password", "passwordHash", "currentPassword", "newPassword", "token", "secret", "keyHash", "apiKey"]);

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields that differ between two versions of a row, as { field: { from, to } }, secrets left out. */
export function changesBetween<Row extends Record<string, unknown>>(
  before: Partial<Row> | null,
  after: Partial<Row>,
): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(after)) {
    if (SECRET_FIELDS.has(field) || to === undefined) continue;
    const from = before?.[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/** Appends one entry for a write, with the actor and request of the context. */
export async function audit(
  db: Queryable,
  context: Pick<ActionContext, "viewer" | "meta">,
  entry: {
    action: string;
    targetType: string;
    targetId: string;
    companyId?: string | null;
    changes?: Record<string, unknown> | null;
  },
): Promise<void> {
  const changes = entry.changes
    ? Object.fromEntries(Object.entries(entry.changes).filter(([field]) => !SECRET_FIELDS.has(field)))
    : null;
  await appendAudit(db, {
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    companyId: entry.companyId ?? null,
    actorId: context.viewer?.id ?? null,
    actorEmail: context.viewer?.email ?? null,
    ip: context.meta.ip,
    userAgent: context.meta.userAgent,
    changes,
  });
}
