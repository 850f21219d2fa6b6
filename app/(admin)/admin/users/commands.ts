import "server-only";
import type { Transaction } from "@/db/client";
import type { Role } from "@/db/schema";
import {
  countAssignedCompanies,
  findUserById,
  insertUser,
  isEmailTaken,
  isOpenCompany,
  clearUserPassword,
  eraseUserData,
  erasedUserLabel,
  setUserActive,
  updateUserProfile,
} from "@/db/queries/users";
import { deleteUserSessions } from "@/db/queries/sessions";
import { command, forbidden, invalid, type ActionResult } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, type Viewer } from "@/lib/authz";
import { sendMail } from "@/lib/mail";
import { storeNotifications } from "@/lib/notify";
import { INVITE_TTL_MS, issuePasswordLink, RESET_TTL_MS } from "@/lib/password-links";
import { disconnectUser } from "@/lib/realtime";
import {
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
  userTargetSchema,
  type PasswordLinkResult,
} from "./schema";

// Every users command is open to "clientUsers.manage" (admins and SEs); which user a
// viewer may touch is then decided per row: staff users need "staffUsers.manage", client
// users "clientUsers.manage" on their company. A row that is missing or out of reach
// gets the same 403.

type UserPlacement = { role: Role; companyId: string | null };

const ERASED = "This user was erased: their account can no longer be changed.";

function mayManage(viewer: Viewer, user: UserPlacement): boolean {
  if (user.role !== "client") return can(viewer, "staffUsers.manage");
  return user.companyId !== null && can(viewer, "clientUsers.manage", { companyId: user.companyId });
}

const CHECK_FIELDS = "Check the highlighted fields.";
const emailTaken = () => invalid(CHECK_FIELDS, { email: ["A user with this email already exists."] });
const companyNotOpen = () => invalid(CHECK_FIELDS, { companyId: ["Choose one of the listed companies."] });

/** The unique email index refused the row: another request took the email meanwhile. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ("code" in current && current.code === "23505") return true;
  }
  return false;
}

/** Tells a user their account was changed by the agency (PRODUCT.md §6, "an account change"). */
function notifyAccountChange(tx: Transaction, user: UserPlacement & { id: string }, title: string, body: string) {
  return storeNotifications(tx, [user.id], {
    type: "account_changed",
    title,
    body,
    link: user.role === "client" ? "/settings" : "/admin/profile",
    companyId: user.companyId,
  });
}

const days = (ms: number) => Math.round(ms / (24 * 60 * 60 * 1000));
const hours = (ms: number) => Math.round(ms / (60 * 60 * 1000));

export const createUser = command({
  capability: "clientUsers.manage",
  schema: createUserSchema,
  async run(context, input): Promise<ActionResult<PasswordLinkResult>> {
    const { db, viewer } = context;
    const placement: UserPlacement = {
      role: input.role,
      companyId: input.role === "client" ? (input.companyId ?? null) : null,
    };
    if (!mayManage(viewer, placement)) return forbidden();
    if (placement.companyId && !(await isOpenCompany(db, placement.companyId))) return companyNotOpen();
    if (await isEmailTaken(db, { email: input.email })) return emailTaken();

    const values = { name: input.name, email: input.email, ...placement };
    let created: { id: string; link: { path: string; expires: Date } };
    try {
      created = await db.transaction(async (tx) => {
        const { id } = await insertUser(tx, values);
        // no password: the user chooses one through this link
        const link = await issuePasswordLink(tx, { userId: id, purpose: "invite" });
        await audit(tx, context, {
          action: "user.create",
          targetType: "user",
          targetId: id,
          companyId: placement.companyId,
          changes: changesBetween(null, { ...values, active: true }),
        });
        return { id, link };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return emailTaken();
      throw error;
    }

    const url = `${input.origin}${created.link.path}`;
    // After the commit: a slow or failing mail server never rolls back the user.
    const emailed = await sendMail({
      to: input.email,
      subject: "Your Nexus invitation",
      text: [
        `Hello ${input.name},`,
        "",
        "You have been invited to Nexus. Choose your password here:",
        url,
        "",
        `The link works once and expires in ${days(INVITE_TTL_MS)} days.`,
      ].join("\n"),
    });
    return {
      ok: true,
      message: `${input.name} was created.`,
      data: { userId: created.id, url, expiresAt: created.link.expires.toISOString(), emailed },
    };
  },
});

export const updateUser = command({
  capability: "clientUsers.manage",
  schema: updateUserSchema,
  async run(context, input): Promise<ActionResult> {
    const { db, viewer } = context;
    const before = await findUserById(db, input.userId);
    if (!before || !mayManage(viewer, before)) return forbidden();
    if (before.erasureNumber !== null) return invalid(ERASED);
    const after = {
      name: input.name,
      email: input.email,
      role: input.role,
      companyId: input.role === "client" ? (input.companyId ?? null) : null,
    };
    // Both where the user is and where they would go must be in the viewer's reach.
    if (!mayManage(viewer, after)) return forbidden();

    if (before.id === viewer.id && after.role !== before.role) {
      return invalid(CHECK_FIELDS, { role: ["You cannot change your own role."] });
    }
    if (after.companyId && after.companyId !== before.companyId && !(await isOpenCompany(db, after.companyId))) {
      return companyNotOpen();
    }
    if (before.role === "se" && after.role !== "se") {
      const assigned = await countAssignedCompanies(db, before.id);
      if (assigned > 0) {
        return invalid(CHECK_FIELDS, {
          role: [`This sales engineer is assigned to ${assigned} ${assigned === 1 ? "company" : "companies"}: assign another SE first.`],
        });
      }
    }
    if (after.email !== before.email && (await isEmailTaken(db, { email: after.email, exceptId: before.id }))) {
      return emailTaken();
    }

    const changes = changesBetween(
      { name: before.name, email: before.email, role: before.role, companyId: before.companyId },
      after,
    );
    if (Object.keys(changes).length === 0) return { ok: true, message: "Nothing to change." };
    // What the user may reach changes: every session they hold ends on its next request.
    const placementChanged = before.role !== after.role || before.companyId !== after.companyId;

    let push: () => Promise<void>;
    try {
      push = await db.transaction(async (tx) => {
        await updateUserProfile(tx, before.id, after);
        if (placementChanged) await deleteUserSessions(tx, before.id);
        await audit(tx, context, {
          action: "user.update",
          targetType: "user",
          targetId: before.id,
          companyId: after.companyId ?? before.companyId,
          changes,
        });
        const changed = Object.keys(changes).join(", ").replace("companyId", "company");
        return notifyAccountChange(tx, { id: before.id, ...after }, "Your account was updated", `The agency changed your ${changed}.`);
      });
    } catch (error) {
      if (isUniqueViolation(error)) return emailTaken();
      throw error;
    }
    await Promise.all([push(), placementChanged ? disconnectUser(before.id) : null]);
    return {
      ok: true,
      message: placementChanged ? "Saved. The user's sessions have ended: they sign in again." : "Saved.",
    };
  },
});

function activationCommand(active: boolean) {
  return command({
    capability: "clientUsers.manage",
    schema: userTargetSchema,
    async run(context, input): Promise<ActionResult> {
      const { db, viewer } = context;
      const user = await findUserById(db, input.userId);
      if (!user || !mayManage(viewer, user)) return forbidden();
      if (user.erasureNumber !== null) return invalid(ERASED);
      if (user.id === viewer.id) return invalid(active ? "You are already active." : "You cannot deactivate yourself.");
      if (user.active === active) {
        return invalid(active ? "This user is already active." : "This user is already deactivated.");
      }
      await db.transaction(async (tx) => {
        await setUserActive(tx, user.id, active);
        if (!active) await deleteUserSessions(tx, user.id);
        await audit(tx, context, {
          action: active ? "user.reactivate" : "user.deactivate",
          targetType: "user",
          targetId: user.id,
          companyId: user.companyId,
          changes: changesBetween({ active: user.active }, { active }),
        });
      });
      // Sessions are gone; open realtime sockets go too, and their next subscription is refused.
      if (!active) await disconnectUser(user.id);
      return {
        ok: true,
        message: active ? "The user is active again and can sign in." : "The user is deactivated and signed out everywhere.",
      };
    },
  });
}

export const deactivateUser = activationCommand(false);
export const reactivateUser = activationCommand(true);

/**
 * Erases a deactivated user's personal data for a privacy request (admins only): see
 * db/queries/users.ts eraseUserData. Deactivating first is the deliberate step that
 * ends their access; erasing cannot be undone.
 */
export const eraseUser = command({
  capability: "users.erase",
  schema: userTargetSchema,
  async run(context, input): Promise<ActionResult> {
    const { db, viewer } = context;
    const user = await findUserById(db, input.userId);
    if (!user) return forbidden();
    if (user.id === viewer.id) return invalid("You cannot erase yourself.");
    if (user.erasureNumber !== null) return invalid("This user was erased already.");
    if (user.active) return invalid("Deactivate this user before erasing them.");
    const erased = await db.transaction(async (tx) => {
      const done = await eraseUserData(tx, { id: user.id });
      if (!done) return null;
      // written after the redaction, and naming nobody: the entry stays as it is
      await audit(tx, context, {
        action: "user.erase",
        targetType: "user",
        targetId: user.id,
        companyId: user.companyId,
        changes: { erasureNumber: { from: null, to: done.erasureNumber }, auditEntriesRedacted: done.auditEntriesRedacted },
      });
      return done;
    });
    if (!erased) return invalid("This user changed meanwhile. Reload the page and try again.");
    await disconnectUser(user.id);
    return { ok: true, message: `The user's personal data was erased. They appear as ${erasedUserLabel(erased.erasureNumber)}.` };
  },
});

export const resetUserPassword = command({
  capability: "clientUsers.manage",
  schema: resetPasswordSchema,
  async run(context, input): Promise<ActionResult<PasswordLinkResult>> {
    const { db, viewer } = context;
    const user = await findUserById(db, input.userId);
    if (!user || !mayManage(viewer, user)) return forbidden();
    if (user.id === viewer.id) return invalid("Change your own password on your profile page.");
    if (!user.active) return invalid("Reactivate this user before resetting their password.");

    const { link, push } = await db.transaction(async (tx) => {
      await clearUserPassword(tx, user.id);
      await deleteUserSessions(tx, user.id);
      const issued = await issuePasswordLink(tx, { userId: user.id, purpose: "reset" });
      await audit(tx, context, {
        action: "user.password_reset",
        targetType: "user",
        targetId: user.id,
        companyId: user.companyId,
        changes: { hasPassword: { from: user.hasPassword, to: false } },
      });
      const push = await notifyAccountChange(tx, user, "Your password was reset", "The agency reset your password; choose a new one with the link you were sent.");
      return { link: issued, push };
    });
    await Promise.all([push(), disconnectUser(user.id)]);

    const url = `${input.origin}${link.path}`;
    const emailed = await sendMail({
      to: user.email,
      subject: "Reset your Nexus password",
      text: [
        `Hello ${user.name ?? user.email},`,
        "",
        "Your Nexus password was reset by the agency. Choose a new one here:",
        url,
        "",
        `The link works once and expires in ${hours(RESET_TTL_MS)} hours.`,
      ].join("\n"),
    });
    return {
      ok: true,
      message: "The password was reset and the user is signed out everywhere.",
      data: { userId: user.id, url, expiresAt: link.expires.toISOString(), emailed },
    };
  },
});
