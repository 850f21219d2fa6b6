import "server-only";
import {
  countOtherActiveSessions,
  findOwnProfile,
  findPasswordHash,
  replaceOwnPassword,
  updateOwnName,
} from "@/db/queries/profile";
import { deleteOtherSessions } from "@/db/queries/sessions";
import { command, forbidden, invalid } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/password";
import { setNotificationPreferences } from "@/db/queries/notification-emails";
import { notificationKinds, type NotificationKind } from "@/db/schema";
import { emailChoices, kindsOfferedTo, storedEmailChoices, type EmailChoice } from "@/lib/notification-kinds";
import { notificationPreferencesSchema, passwordChangeSchema, profileNameSchema, signOutOthersSchema } from "./schema";

// The viewer's own account, for every role (`profile.own` is a "self" grant): each
// command acts on context.viewer.id only, never on an id from the input.

/** Changes the viewer's own name; audited as `profile.update` with the name's from/to. */
export const updateOwnProfile = command({
  capability: "profile.own",
  schema: profileNameSchema,
  run: async (context, input) => {
    const { viewer } = context;
    return context.db.transaction(async (tx) => {
      const profile = await findOwnProfile(tx, { userId: viewer.id });
      if (!profile) return forbidden();
      const changes = changesBetween({ name: profile.name }, { name: input.name });
      if (Object.keys(changes).length === 0) return { ok: true as const, message: "Nothing to save: your name is unchanged." };
      await updateOwnName(tx, { userId: viewer.id, name: input.name });
      await audit(tx, context, {
        action: "profile.update",
        targetType: "user",
        targetId: viewer.id,
        companyId: viewer.companyId,
        changes,
      });
      return { ok: true as const, message: "Your name was saved." };
    });
  },
});

/**
 * Sets, per kind, whether the viewer gets notifications in-app (the others are neither
 * listed, counted nor pushed to them) and by email (off, at once, or in the daily digest;
 * the alerts kind's email is the alert email setting). Audited as `profile.notifications`
 * with the from/to of what changed. Only the kinds the viewer's role can receive are
 * offered and changed; an email choice not sent keeps its saved value.
 */
export const updateOwnNotificationPreferences = command({
  capability: "profile.own",
  schema: notificationPreferencesSchema,
  run: async (context, input) => {
    const { viewer } = context;
    return context.db.transaction(async (tx) => {
      const profile = await findOwnProfile(tx, { userId: viewer.id });
      if (!profile) return forbidden();
      const offered = kindsOfferedTo(viewer.role);
      const muted = notificationKinds.filter((kind) => (offered.includes(kind) ? input[kind] !== "on" : profile.notificationsMuted.includes(kind)));
      const before = emailChoices({ alertEmail: profile.alertEmail, emailNow: profile.notificationsEmailNow, emailDigest: profile.notificationsEmailDigest });
      const after = Object.fromEntries(
        notificationKinds.map((kind): [NotificationKind, EmailChoice] => [kind, (offered.includes(kind) ? input[`${kind}_email`] : undefined) ?? before[kind]]),
      ) as Record<NotificationKind, EmailChoice>;
      const emailText = (choices: Record<NotificationKind, EmailChoice>) =>
        notificationKinds
          .filter((kind) => choices[kind] !== "off")
          .map((kind) => `${kind}: ${choices[kind]}`)
          .join(", ");
      const changes = changesBetween(
        { muted: [...profile.notificationsMuted].sort().join(", "), email: emailText(before) },
        { muted: [...muted].sort().join(", "), email: emailText(after) },
      );
      if (Object.keys(changes).length === 0) return { ok: true as const, message: "Nothing to save: your notifications are unchanged." };
      await setNotificationPreferences(tx, { userId: viewer.id, muted, ...storedEmailChoices(after) });
      await audit(tx, context, {
        action: "profile.notifications",
        targetType: "user",
        targetId: viewer.id,
        companyId: viewer.companyId,
        changes,
      });
      return { ok: true as const, message: "Your notification settings were saved." };
    });
  },
});

/**
 * Changes the viewer's own password after checking the current one. This browser stays
 * signed in; every other session of the user ends.
 * Audited as `profile.password_change`, without any password or hash.
 */
export const changeOwnPassword = command({
  capability: "profile.own",
  schema: passwordChangeSchema,
  run: async (context, input) => {
    const { viewer } = context;
    const stored = await findPasswordHash(context.db, { userId: viewer.id });
    if (!stored) return forbidden();
    const expectedHash = stored.passwordHash;
    if (!expectedHash || !(await verifyPassword(expectedHash, input.currentPassword))) {
      return invalid("Your password was not changed.", { currentPassword: ["That is not your current password."] });
    }
    if (input.newPassword === input.currentPassword) {
      return invalid("Your password was not changed.", {
        newPassword: ["Choose a password different from your current one."],
      });
    }
    // Hashing is slow on purpose: do it before the transaction so no row stays locked meanwhile.
    const passwordHash = await hashPassword(input.newPassword);
    return context.db.transaction(async (tx) => {
      const otherSessions = await countOtherActiveSessions(tx, {
        userId: viewer.id,
        currentSessionToken: viewer.sessionId,
      });
      const replaced = await replaceOwnPassword(tx, { userId: viewer.id, expectedHash, passwordHash });
      // The hash changed since it was verified (another change won the race): refuse, change nothing.
      if (!replaced) {
        return {
          ok: false as const,
          status: 409 as const,
          error: "Your password was changed meanwhile. Reload the page and try again.",
        };
      }
      await deleteOtherSessions(tx, viewer.id, viewer.sessionId);
      await audit(tx, context, {
        action: "profile.password_change",
        targetType: "user",
        targetId: viewer.id,
        companyId: viewer.companyId,
        changes: { otherSessionsEnded: otherSessions },
      });
      return {
        ok: true as const,
        message:
          otherSessions > 0
            ? `Your password was changed. ${sessionsText(otherSessions)} ${otherSessions === 1 ? "was" : "were"} signed out.`
            : "Your password was changed.",
      };
    });
  },
});

/** Ends every session of the viewer but this browser's; audited as `profile.sign_out_others`. */
export const signOutOtherSessions = command({
  capability: "profile.own",
  schema: signOutOthersSchema,
  run: async (context) => {
    const { viewer } = context;
    return context.db.transaction(async (tx) => {
      const profile = await findOwnProfile(tx, { userId: viewer.id });
      if (!profile) return forbidden();
      const otherSessions = await countOtherActiveSessions(tx, {
        userId: viewer.id,
        currentSessionToken: viewer.sessionId,
      });
      await deleteOtherSessions(tx, viewer.id, viewer.sessionId);
      await audit(tx, context, {
        action: "profile.sign_out_others",
        targetType: "user",
        targetId: viewer.id,
        companyId: viewer.companyId,
        changes: { otherSessionsEnded: otherSessions },
      });
      return {
        ok: true as const,
        message:
          otherSessions > 0
            ? `Signed out of ${sessionsText(otherSessions)}.`
            : "There were no other sessions: only this browser is signed in.",
      };
    });
  },
});

function sessionsText(count: number): string {
  return count === 1 ? "1 other session" : `${count} other sessions`;
}
