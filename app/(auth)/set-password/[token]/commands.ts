import "server-only";
import type { Database } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { deleteUserSessions } from "@/db/queries/sessions";
import { findUserForPasswordLink, setUserPassword } from "@/db/queries/users";
import { fieldErrorsOf, invalid, type ActionResult, type RequestMeta } from "@/lib/action";
import { hashPassword } from "@/lib/password";
import { consumePasswordLink } from "@/lib/password-links";
import { newPasswordSchema } from "@/lib/password-policy";
import { LINK_EXPIRED, LINK_INVALID, setPasswordFieldsSchema } from "./schema";

const setPasswordSchema = setPasswordFieldsSchema
  .extend({ password: newPasswordSchema })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match.",
  });

/** Whoever holds the link: there is no viewer, the link itself is the permission. */
export type PublicContext = { db: Database; meta: RequestMeta };

/**
 * Sets a password through a one-time link (invitation or reset). The link is used up only
 * by a submission that passes validation, and in the same transaction as the new password,
 * so a second use, an expired link or a deactivated account all set nothing.
 */
export async function setPasswordWithLink(
  context: PublicContext,
  input: unknown,
  { now = new Date() }: { now?: Date } = {},
): Promise<ActionResult> {
  const parsed = setPasswordSchema.safeParse(input);
  if (!parsed.success) return invalid("Check the highlighted fields.", fieldErrorsOf(parsed.error));
  const { token, password } = parsed.data;
  // Hashed before the transaction: argon2 is slow on purpose and should not hold locks.
  const passwordHash = await hashPassword(password);

  return context.db.transaction(async (tx): Promise<ActionResult> => {
    const link = await consumePasswordLink(tx, token, now);
    if (link.state === "expired") return invalid(LINK_EXPIRED);
    if (link.state !== "valid") return invalid(LINK_INVALID);
    const user = await findUserForPasswordLink(tx, link.userId);
    if (!user) return invalid(LINK_INVALID);
    await setUserPassword(tx, user.id, passwordHash);
    await deleteUserSessions(tx, user.id);
    await appendAudit(tx, {
      action: "user.password_set",
      actorId: user.id,
      actorEmail: user.email,
      targetType: "user",
      targetId: user.id,
      companyId: user.companyId,
      ip: context.meta.ip,
      userAgent: context.meta.userAgent,
      changes: null,
    });
    return { ok: true, message: "Your password is set." };
  });
}
