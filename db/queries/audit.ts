import "server-only";
import type { Queryable } from "../client";
import { auditLog, type AuditEntry } from "../schema";

/** Appends to the audit log. Callers pass changes without secrets; there is no update. */
export async function appendAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}
