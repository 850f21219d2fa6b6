import type { Metadata } from "next";
import { SettingsForm } from "@/components/admin/settings-form";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getPlatformSettings } from "@/db/queries/settings";
import { requirePage } from "@/lib/guards";
import { updatePlatformSettingsAction } from "./actions";
import { centsToMajorUnits, CURRENCIES, currencyNames } from "./schema";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePage("platformSettings.manage", "/admin/settings");
  const settings = await getPlatformSettings(getDb());

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
      <PageHeader title="Settings" description="Platform-wide defaults: hourly rate, minutes saved per run and currency." />
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
    </>
  );
}
