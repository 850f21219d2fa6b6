import type { Metadata } from "next";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getNotificationSettings, getPlatformSettings } from "@/db/queries/settings";
import { NotificationSettingsForm } from "@/components/admin/notification-settings-form";
import { requirePage } from "@/lib/guards";
import { updateNotificationSettingsAction, updatePlatformSettingsAction } from "./actions";
import { centsToMajorUnits, CURRENCIES, currencyNames } from "./schema";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePage("platformSettings.manage", "/admin/settings");
  const [settings, notificationSettings] = await Promise.all([getPlatformSettings(getDb()), getNotificationSettings(getDb())]);

  const currencies: { value: string; label: string }[] = CURRENCIES.map((code) => ({
    value: code,
    label: `${code} — ${currencyNames[code]}`,
  }));
  // A stored code outside today's list still shows as what it is, not as the first option.
  if (!currencies.some((option) => option.value === settings.currency)) {
    currencies.unshift({ value: settings.currency, label: settings.currency });
  }

  return (
    <>
      <PageHeader title="Settings" description="Platform-wide defaults: hourly rate, minutes saved per run, currency, and how notifications group and are kept." />
      <div className="space-y-6">
      <Card
        title="Platform defaults"
        description={
          settings.updatedAt && settings.updatedBy ? (
            <>
              Last changed <DateTime value={settings.updatedAt} /> by {settings.updatedBy.name ?? settings.updatedBy.email}.
            </>
          ) : (
            "Companies and workflows without their own values use these."
          )
        }
      >
        <SettingsForm
          action={updatePlatformSettingsAction}
          initial={{
            defaultHourlyRate: centsToMajorUnits(settings.defaultHourlyRateCents),
            defaultMinutesSavedPerRun: String(settings.defaultMinutesSavedPerRun),
            currency: settings.currency,
          }}
          currencies={currencies}
        />
      </Card>
      <Card
        title="Notifications"
        description="Repeated failures of a workflow join one notification while it is unread and younger than the window. Read notifications older than the retention period are deleted every night."
      >
        <NotificationSettingsForm
          action={updateNotificationSettingsAction}
          initial={{ groupMinutes: String(notificationSettings.notificationGroupMinutes), retentionDays: String(notificationSettings.readNotificationRetentionDays) }}
        />
      </Card>
      </div>
    </>
  );
}
