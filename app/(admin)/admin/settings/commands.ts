import "server-only";
import { lockNotificationSettings, lockPlatformSettings, saveNotificationSettings, savePlatformSettings } from "@/db/queries/settings";
import { command } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { notificationSettingsSchema, platformSettingsSchema } from "./schema";

/** Saves the platform defaults (admin only), audited as `settings.update` with each changed field's from/to. */
export const updatePlatformSettings = command({
  capability: "platformSettings.manage",
  schema: platformSettingsSchema,
  run: async (context, input) => {
    const after = {
      defaultHourlyRateCents: input.defaultHourlyRate,
      defaultMinutesSavedPerRun: input.defaultMinutesSavedPerRun,
      currency: input.currency,
    };
    return context.db.transaction(async (tx) => {
      const before = await lockPlatformSettings(tx);
      const changes = changesBetween(before, after);
      if (Object.keys(changes).length === 0) return { ok: true as const, message: "Nothing to save: the settings are unchanged." };
      await savePlatformSettings(tx, { values: after, updatedById: context.viewer.id });
      await audit(tx, context, {
        action: "settings.update",
        targetType: "platform_settings",
        targetId: "platform",
        companyId: null,
        changes,
      });
      return { ok: true as const, message: "Settings saved." };
    });
  },
});

/**
 * Saves the notification grouping window and the retention of read notifications (admin
 * only), audited as `settings.update` with each changed field's from/to.
 */
export const updateNotificationSettings = command({
  capability: "platformSettings.manage",
  schema: notificationSettingsSchema,
  run: async (context, input) => {
    const after = { notificationGroupMinutes: input.groupMinutes, readNotificationRetentionDays: input.retentionDays };
    return context.db.transaction(async (tx) => {
      const before = await lockNotificationSettings(tx);
      const changes = changesBetween(before, after);
      if (Object.keys(changes).length === 0) return { ok: true as const, message: "Nothing to save: the notification settings are unchanged." };
      await saveNotificationSettings(tx, { values: after, updatedById: context.viewer.id });
      await audit(tx, context, {
        action: "settings.update",
        targetType: "platform_settings",
        targetId: "platform",
        companyId: null,
        changes,
      });
      return { ok: true as const, message: "Notification settings saved." };
    });
  },
});
