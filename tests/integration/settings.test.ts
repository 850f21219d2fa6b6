// Platform settings (PRODUCT.md §2 /admin/settings): admin only, validated, audited.
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updatePlatformSettings } from "@/app/(admin)/admin/settings/commands";
import { auditLog, platformSettings } from "@/db/schema";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ADMIN = "admin@nexus.example.com";

describe.each(engines)("platform settings on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function storedSettings() {
    const [row] = await database.db
      .select({
        defaultHourlyRateCents: platformSettings.defaultHourlyRateCents,
        defaultMinutesSavedPerRun: platformSettings.defaultMinutesSavedPerRun,
        currency: platformSettings.currency,
        updatedById: platformSettings.updatedById,
      })
      .from(platformSettings);
    return row;
  }

  async function settingsAuditCount(): Promise<number> {
    const [row] = await database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, "settings.update"));
    return row?.count ?? 0;
  }

  async function latestSettingsAudit() {
    const [row] = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "settings.update"))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(1);
    return row;
  }

  // Each test starts from the same known values, written directly (not through the command).
  beforeEach(async () => {
    await database.db
      .update(platformSettings)
      .set({ defaultHourlyRateCents: 5000, defaultMinutesSavedPerRun: 5, currency: "USD", updatedById: null })
      .where(eq(platformSettings.id, true));
  });

  it("lets an admin save the defaults, in cents, with an audit entry of each change's from and to", async () => {
    const admin = await viewerFor(database.db, ADMIN);
    const auditsBefore = await settingsAuditCount();
    const result = await updatePlatformSettings(contextFor(database.db, admin), {
      defaultHourlyRate: "72.50",
      defaultMinutesSavedPerRun: "12",
      currency: "EUR",
    });
    expect(result).toMatchObject({ ok: true });
    expect(await storedSettings()).toEqual({
      defaultHourlyRateCents: 7250,
      defaultMinutesSavedPerRun: 12,
      currency: "EUR",
      updatedById: admin.id,
    });

    expect(await settingsAuditCount()).toBe(auditsBefore + 1);
    const entry = await latestSettingsAudit();
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorEmail: ADMIN,
      targetType: "platform_settings",
      companyId: null,
      ip: "127.0.0.1",
      changes: {
        defaultHourlyRateCents: { from: 5000, to: 7250 },
        defaultMinutesSavedPerRun: { from: 5, to: 12 },
        currency: { from: "USD", to: "EUR" },
      },
    });
  });

  it("audits only the fields that changed, and writes nothing when none did", async () => {
    const admin = await viewerFor(database.db, ADMIN);
    const before = await settingsAuditCount();
    const result = await updatePlatformSettings(contextFor(database.db, admin), {
      defaultHourlyRate: "50",
      defaultMinutesSavedPerRun: "5",
      currency: "GBP",
    });
    expect(result).toMatchObject({ ok: true });
    const latest = await latestSettingsAudit();
    expect(latest?.changes).toEqual({ currency: { from: "USD", to: "GBP" } });
    expect(await settingsAuditCount()).toBe(before + 1);

    const again = await updatePlatformSettings(contextFor(database.db, admin), {
      defaultHourlyRate: "50.00",
      defaultMinutesSavedPerRun: "5",
      currency: "GBP",
    });
    expect(again).toMatchObject({ ok: true });
    expect(await settingsAuditCount()).toBe(before + 1);
  });

  it.each([
    ["an SE", "sam@nexus.example.com"],
    ["a client", "olivia@acme.example.com"],
  ])("refuses %s with 403, changing nothing and auditing nothing", async (_who, email) => {
    const viewer = await viewerFor(database.db, email);
    const before = await storedSettings();
    const auditsBefore = await settingsAuditCount();
    const result = await updatePlatformSettings(contextFor(database.db, viewer), {
      defaultHourlyRate: "99.00",
      defaultMinutesSavedPerRun: "30",
      currency: "CHF",
    });
    expect(result).toEqual({ ok: false, status: 403, error: expect.any(String) });
    expect(await storedSettings()).toEqual(before);
    expect(await settingsAuditCount()).toBe(auditsBefore);
  });

  it("refuses a signed-out request with 401", async () => {
    const result = await updatePlatformSettings(contextFor(database.db, null), {
      defaultHourlyRate: "99.00",
      defaultMinutesSavedPerRun: "30",
      currency: "CHF",
    });
    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it.each([
    ["a negative rate", { defaultHourlyRate: "-5.00" }, "defaultHourlyRate"],
    ["a rate with three decimals", { defaultHourlyRate: "5.005" }, "defaultHourlyRate"],
    ["an empty rate", { defaultHourlyRate: "" }, "defaultHourlyRate"],
    ["5000 minutes", { defaultMinutesSavedPerRun: "5000" }, "defaultMinutesSavedPerRun"],
    ["negative minutes", { defaultMinutesSavedPerRun: "-1" }, "defaultMinutesSavedPerRun"],
    ["fractional minutes", { defaultMinutesSavedPerRun: "2.5" }, "defaultMinutesSavedPerRun"],
    ["minutes that are not a number", { defaultMinutesSavedPerRun: "ten" }, "defaultMinutesSavedPerRun"],
    ["currency XYZ", { currency: "XYZ" }, "currency"],
  ])("refuses %s with a 400 field error, changing nothing", async (_case, override, field) => {
    const admin = await viewerFor(database.db, ADMIN);
    const before = await storedSettings();
    const auditsBefore = await settingsAuditCount();
    const result = await updatePlatformSettings(contextFor(database.db, admin), {
      defaultHourlyRate: "60.00",
      defaultMinutesSavedPerRun: "10",
      currency: "EUR",
      ...override,
    });
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) throw new Error("expected a refusal");
    expect(Object.keys(result.fieldErrors ?? {})).toEqual([field]);
    expect(result.fieldErrors?.[field]?.[0]).toEqual(expect.any(String));
    expect(await storedSettings()).toEqual(before);
    expect(await settingsAuditCount()).toBe(auditsBefore);
  });

  it("reports all invalid fields at once", async () => {
    const admin = await viewerFor(database.db, ADMIN);
    const result = await updatePlatformSettings(contextFor(database.db, admin), {
      defaultHourlyRate: "-1",
      defaultMinutesSavedPerRun: "5000",
      currency: "XYZ",
    });
    if (result.ok) throw new Error("expected a refusal");
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["currency", "defaultHourlyRate", "defaultMinutesSavedPerRun"]);
  });
});
