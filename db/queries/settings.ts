import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "../client";
import { platformSettings, users } from "../schema";

// Platform settings are one row (id = true), not tenant data: no company scope applies.
// Callers check `platformSettings.manage` before writing.

export type PlatformSettingsValues = {
  defaultHourlyRateCents: number;
  defaultMinutesSavedPerRun: number;
  currency: string;
};

export type PlatformSettings = PlatformSettingsValues & {
  /** null until the row has been written once */
  updatedAt: Date | null;
  updatedBy: { name: string | null; email: string } | null;
};

// The column defaults of db/schema.ts, for a database whose row was never written.
const DEFAULTS: PlatformSettingsValues = { defaultHourlyRateCents: 5000, defaultMinutesSavedPerRun: 5, currency: "USD" };

/** The settings in force, with who changed them last. */
export async function getPlatformSettings(db: Queryable): Promise<PlatformSettings> {
  const [row] = await db
    .select({
      defaultHourlyRateCents: platformSettings.defaultHourlyRateCents,
      defaultMinutesSavedPerRun: platformSettings.defaultMinutesSavedPerRun,
      currency: platformSettings.currency,
      updatedAt: platformSettings.updatedAt,
      updatedByName: users.name,
      updatedByEmail: users.email,
    })
    .from(platformSettings)
    .leftJoin(users, eq(users.id, platformSettings.updatedById))
    .where(eq(platformSettings.id, true))
    .limit(1);
  if (!row) return { ...DEFAULTS, updatedAt: null, updatedBy: null };
  return {
    defaultHourlyRateCents: row.defaultHourlyRateCents,
    defaultMinutesSavedPerRun: row.defaultMinutesSavedPerRun,
    currency: row.currency,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedByEmail ? { name: row.updatedByName, email: row.updatedByEmail } : null,
  };
}

/** The values alone, locked for the rest of the transaction so concurrent saves audit true "from" values. */
export async function lockPlatformSettings(db: Queryable): Promise<PlatformSettingsValues> {
  const [row] = await db
    .select({
      defaultHourlyRateCents: platformSettings.defaultHourlyRateCents,
      defaultMinutesSavedPerRun: platformSettings.defaultMinutesSavedPerRun,
      currency: platformSettings.currency,
    })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1)
    .for("update");
  return row ?? { ...DEFAULTS };
}

/**
 * Writes the given columns of the one row (the general settings, or the notification
 * ones), creating it when a database was never seeded.
 */
export async function savePlatformSettings(
  db: Queryable,
  { values, updatedById }: { values: Partial<PlatformSettingsValues & NotificationSettingsValues>; updatedById: string },
): Promise<void> {
  const set = { ...values, updatedById, updatedAt: new Date() };
  await db
    .insert(platformSettings)
    .values({ id: true, ...set })
    .onConflictDoUpdate({ target: platformSettings.id, set });
}

export type NotificationSettingsValues = { notificationGroupMinutes: number; readNotificationRetentionDays: number };

const NOTIFICATION_DEFAULTS: NotificationSettingsValues = { notificationGroupMinutes: 60, readNotificationRetentionDays: 180 };

/** How notifications group and how long read ones are kept. */
export async function getNotificationSettings(db: Queryable): Promise<NotificationSettingsValues> {
  const [row] = await db
    .select({ notificationGroupMinutes: platformSettings.notificationGroupMinutes, readNotificationRetentionDays: platformSettings.readNotificationRetentionDays })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1);
  return row ?? { ...NOTIFICATION_DEFAULTS };
}

/** The same, locked for the rest of the transaction (true "from" values in the audit). */
export async function lockNotificationSettings(db: Queryable): Promise<NotificationSettingsValues> {
  const [row] = await db
    .select({ notificationGroupMinutes: platformSettings.notificationGroupMinutes, readNotificationRetentionDays: platformSettings.readNotificationRetentionDays })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1)
    .for("update");
  return row ?? { ...NOTIFICATION_DEFAULTS };
}
