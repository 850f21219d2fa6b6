import "server-only";
import type { Transaction } from "@/db/client";
import { lockNotificationSettings, lockPlatformSettings, savePlatformSettings } from "@/db/queries/settings";
import { command, type AuthorizedContext } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { notificationSettingsSchema, platformSettingsSchema } from "./schema";

/**
 * Writes `after` over the locked current values when anything changed, audited as
 * `settings.update` with each changed field's from/to.
 */
function saveSettings<T extends Record<string, number | string>>(
  context: AuthorizedContext,
  { lock, after, what }: { lock: (tx: Transaction) => Promise<T>; after: T; what: string },
) {
  return context.db.transaction(async (tx) => {
    const changes = changesBetween(await lock(tx), after);
    if (Object.keys(changes).length === 0) return { ok: true as const, message: `Nothing to save: the ${what} are unchanged.` };
    await savePlatformSettings(tx, { values: after, updatedById: context.viewer.id });
    await audit(tx, context, { action: "settings.update", targetType: "platform_settings", targetId: "platform", companyId: null, changes });
    return { ok: true as const, message: `${what.charAt(0).toUpperCase()}${what.slice(1)} saved.` };
  });
}

/** Saves the platform defaults (admin only). */
export const updatePlatformSettings = command({
  capability: "platformSettings.manage",
  schema: platformSettingsSchema,
  run: (context, input) =>
    saveSettings(context, {
      lock: lockPlatformSettings,
      after: {
        defaultHourlyRateCents: input.defaultHourlyRate,
        defaultMinutesSavedPerRun: input.defaultMinutesSavedPerRun,
        currency: input.currency,
      },
      what: "settings",
    }),
});

/** Saves the notification grouping window and the retention of read notifications (admin only). */
export const updateNotificationSettings = command({
  capability: "platformSettings.manage",
  schema: notificationSettingsSchema,
  run: (context, input) =>
    saveSettings(context, {
      lock: lockNotificationSettings,
      after: { notificationGroupMinutes: input.groupMinutes, readNotificationRetentionDays: input.retentionDays },
      what: "notification settings",
    }),
});
