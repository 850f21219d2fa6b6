// Company management (issue 3, item 4) through the commands the forms call, on real
// engines: who may do what on which company, what is written, and what is audited.
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archiveCompany,
  assignCompanySe,
  changeCompanyPlan,
  createCompany,
  restoreCompany,
  updateCompanyProfile,
} from "@/app/(admin)/admin/companies/commands";
import { countCompanies, findCompany, listAssignedCompanyIds, listCompanies, listCompanyUsers } from "@/db/queries/companies";
import { auditLog, companies } from "@/db/schema";
import { stableId } from "@/db/seed";
import { monthOf } from "@/lib/billing";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { ALWAYS, planHistoryOf, setPlanHistory } from "../support/plans";

const ADMIN = "admin@nexus.example.com";
const SAM = "sam@nexus.example.com";
const PRIYA = "priya@nexus.example.com";
const OLIVIA = "olivia@acme.example.com";

const ACME = stableId("company:acme");
const BRIGHTSIDE = stableId("company:brightside");
const COPPERLEAF = stableId("company:copperleaf");
const EVERGREEN = stableId("company:evergreen");
const SAM_ID = stableId("user:se-sam");
const PRIYA_ID = stableId("user:se-priya");
const ADMIN_ID = stableId("user:admin");
const OLIVIA_ID = stableId(`user:${OLIVIA}`);
const STARTER = stableId("plan:starter");
const GROWTH = stableId("plan:growth");
const SCALE = stableId("plan:scale");

const SAMS_COMPANIES = ["Acme Logistics", "Brightside Dental", "Evergreen Accounting"];

describe.each(engines)("company management on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];
  let counter = 0;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });

  const as = async (email: string) => contextFor(db, await viewerFor(db, email));

  async function companyRow(id: string) {
    const [row] = await db.select().from(companies).where(eq(companies.id, id));
    if (!row) throw new Error(`no company ${id}`);
    return row;
  }

  async function auditCount(): Promise<number> {
    const [row] = await db.select({ total: count() }).from(auditLog);
    return row?.total ?? 0;
  }

  async function auditEntries(companyId: string, action: string) {
    return db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.companyId, companyId), eq(auditLog.action, action)))
      .orderBy(auditLog.at);
  }

  /** A fresh company made by the admin, so a test's writes never reach another test's rows. */
  async function newCompany(fields: Record<string, string> = {}): Promise<string> {
    counter += 1;
    const result = await createCompany(await as(ADMIN), {
      name: `Test Company ${engine} ${counter}`,
      industry: "Testing",
      hourlyRate: "",
      status: "active",
      planId: GROWTH,
      assignedSeId: "",
      ...fields,
    });
    if (!result.ok || !result.data) throw new Error(`create failed: ${JSON.stringify(result)}`);
    return result.data.id;
  }

  /** Runs a denied call and checks the 403, that the company is unchanged, and that nothing was audited. */
  async function expectDenied(companyId: string | null, call: () => Promise<unknown>) {
    const before = companyId ? await companyRow(companyId) : null;
    const companiesBefore = await db.select({ total: count() }).from(companies);
    const auditsBefore = await auditCount();
    const result = await call();
    expect(result).toMatchObject({ ok: false, status: 403 });
    if (companyId) expect(await companyRow(companyId)).toEqual(before);
    expect(await db.select({ total: count() }).from(companies)).toEqual(companiesBefore);
    expect(await auditCount()).toBe(auditsBefore);
  }

  it("lets the admin create a company, stored and audited with actor, target and changes", async () => {
    const admin = await as(ADMIN);
    const result = await createCompany(admin, {
      name: "  Harbor Freight Co  ",
      industry: "Shipping",
      hourlyRate: "65.50",
      status: "onboarding",
      planId: STARTER,
      assignedSeId: PRIYA_ID,
    });
    expect(result).toMatchObject({ ok: true });
    const id = result.ok ? result.data?.id : undefined;
    if (!id) throw new Error("no id returned");

    const row = await companyRow(id);
    expect(row).toMatchObject({
      name: "Harbor Freight Co",
      industry: "Shipping",
      hourlyRateCents: 6550,
      status: "onboarding",
      assignedSeId: PRIYA_ID,
      archivedAt: null,
    });
    expect(await planHistoryOf(db, id)).toEqual([{ fromMonth: monthOf(new Date()), planId: STARTER }]);

    const [entry, ...others] = await auditEntries(id, "company.create");
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      actorId: ADMIN_ID,
      actorEmail: ADMIN,
      targetType: "company",
      targetId: id,
      companyId: id,
      ip: "127.0.0.1",
    });
    expect(entry?.changes).toEqual({
      name: { from: null, to: "Harbor Freight Co" },
      industry: { from: null, to: "Shipping" },
      hourlyRateCents: { from: null, to: 6550 },
      status: { from: null, to: "onboarding" },
      planId: { from: null, to: STARTER },
      assignedSeId: { from: null, to: PRIYA_ID },
    });

    // the new company is in Priya's scope at once
    expect(await listAssignedCompanyIds(db, PRIYA_ID)).toContain(id);
  });

  it("stores a blank hourly rate as the platform default and refuses one that is not an amount", async () => {
    const id = await newCompany({ hourlyRate: "" });
    expect((await companyRow(id)).hourlyRateCents).toBeNull();

    const admin = await as(ADMIN);
    for (const hourlyRate of ["abc", "65.505", "-5", "1e3"]) {
      const auditsBefore = await auditCount();
      const result = await updateCompanyProfile(admin, {
        id,
        name: "Anything",
        industry: "Testing",
        hourlyRate,
        status: "active",
      });
      expect(result, hourlyRate).toMatchObject({ ok: false, status: 400 });
      expect(!result.ok && result.fieldErrors?.hourlyRate?.length).toBeTruthy();
      expect(await auditCount()).toBe(auditsBefore);
    }
    expect((await companyRow(id)).hourlyRateCents).toBeNull();

    for (const [hourlyRate, cents] of [["65.50", 6550], ["65.5", 6550], ["65", 6500], ["0.07", 7]] as const) {
      const result = await updateCompanyProfile(admin, { id, name: "Anything", industry: "Testing", hourlyRate, status: "active" });
      expect(result, hourlyRate).toMatchObject({ ok: true });
      expect((await companyRow(id)).hourlyRateCents, hourlyRate).toBe(cents);
    }
  });

  it("refuses a create with missing fields, an unknown plan or a duplicate name, writing nothing", async () => {
    const admin = await as(ADMIN);
    const auditsBefore = await auditCount();
    const [companiesBefore] = await db.select({ total: count() }).from(companies);

    const empty = await createCompany(admin, { name: " ", industry: "", hourlyRate: "abc", status: "archived" });
    expect(empty).toMatchObject({ ok: false, status: 400 });
    expect(!empty.ok && Object.keys(empty.fieldErrors ?? {}).sort()).toEqual(["hourlyRate", "industry", "name", "status"]);

    const unknownPlan = await createCompany(admin, {
      name: "Unknown Plan Co",
      industry: "Testing",
      status: "active",
      planId: stableId("plan:none"),
    });
    expect(unknownPlan).toMatchObject({ ok: false, status: 400, fieldErrors: { planId: [expect.any(String)] } });

    const duplicate = await createCompany(admin, { name: "acme logistics", industry: "Testing", status: "active" });
    expect(duplicate).toMatchObject({ ok: false, status: 400, fieldErrors: { name: [expect.any(String)] } });

    expect(await db.select({ total: count() }).from(companies)).toEqual([companiesBefore]);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("lets the admin edit any company's profile, auditing each changed field from/to", async () => {
    const id = await newCompany({ hourlyRate: "40" });
    const result = await updateCompanyProfile(await as(ADMIN), {
      id,
      name: "Renamed Company",
      industry: "Retail",
      hourlyRate: "42.25",
      status: "paused",
    });
    expect(result).toMatchObject({ ok: true });
    expect(await companyRow(id)).toMatchObject({ name: "Renamed Company", industry: "Retail", hourlyRateCents: 4225, status: "paused" });

    const [entry] = await auditEntries(id, "company.update");
    expect(entry).toMatchObject({ actorId: ADMIN_ID, targetType: "company", targetId: id, companyId: id });
    expect(entry?.changes).toEqual({
      name: { from: expect.stringMatching(/^Test Company/), to: "Renamed Company" },
      industry: { from: "Testing", to: "Retail" },
      hourlyRateCents: { from: 4000, to: 4225 },
      status: { from: "active", to: "paused" },
    });

    // saving the same values again writes nothing and audits nothing
    const auditsBefore = await auditCount();
    const again = await updateCompanyProfile(await as(ADMIN), {
      id,
      name: "Renamed Company",
      industry: "Retail",
      hourlyRate: "42.25",
      status: "paused",
    });
    expect(again).toMatchObject({ ok: true });
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("lets an SE edit the profile of their own company", async () => {
    const before = await companyRow(EVERGREEN);
    const result = await updateCompanyProfile(await as(SAM), {
      id: EVERGREEN,
      name: before.name,
      industry: "Accounting and tax",
      hourlyRate: "90.00",
      status: before.status,
    });
    expect(result).toMatchObject({ ok: true });
    const after = await companyRow(EVERGREEN);
    expect(after).toMatchObject({ industry: "Accounting and tax", hourlyRateCents: 9000, assignedSeId: SAM_ID });
    const [entry] = await auditEntries(EVERGREEN, "company.update");
    expect(entry).toMatchObject({ actorId: SAM_ID, actorEmail: SAM, companyId: EVERGREEN });
    expect(entry?.changes).toEqual({ industry: { from: before.industry, to: "Accounting and tax" } });
  });

  it("answers 403 to an SE editing another SE's company, and to an unknown id, changing nothing", async () => {
    const sam = await as(SAM);
    const edit = { name: "Taken Over", industry: "Hijacked", hourlyRate: "1.00", status: "paused" };
    await expectDenied(COPPERLEAF, () => updateCompanyProfile(sam, { id: COPPERLEAF, ...edit }));
    // a company that does not exist gets the very same answer
    const missing = await updateCompanyProfile(sam, { id: stableId("company:missing"), ...edit });
    const outOfScope = await updateCompanyProfile(sam, { id: COPPERLEAF, ...edit });
    expect(missing).toEqual(outOfScope);
    expect(await updateCompanyProfile(await as(ADMIN), { id: stableId("company:missing"), ...edit })).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it("answers 403 to an SE creating, assigning an SE, changing the plan, archiving or restoring", async () => {
    const sam = await as(SAM);
    await expectDenied(null, () =>
      createCompany(sam, { name: "SE Made Co", industry: "Testing", status: "active", planId: "", assignedSeId: "" }),
    );
    // even on their own company
    await expectDenied(ACME, () => assignCompanySe(sam, { id: ACME, assignedSeId: PRIYA_ID }));
    await expectDenied(ACME, () => changeCompanyPlan(sam, { id: ACME, planId: STARTER }));
    await expectDenied(ACME, () => archiveCompany(sam, { id: ACME }));
    await expectDenied(ACME, () => restoreCompany(sam, { id: ACME }));
  });

  it("answers 403 to a client calling any company command, even on their own company", async () => {
    const olivia = await as(OLIVIA);
    await expectDenied(null, () =>
      createCompany(olivia, { name: "Client Made Co", industry: "Testing", status: "active" }),
    );
    await expectDenied(ACME, () =>
      updateCompanyProfile(olivia, { id: ACME, name: "Acme", industry: "Logistics", hourlyRate: "", status: "active" }),
    );
    await expectDenied(ACME, () => assignCompanySe(olivia, { id: ACME, assignedSeId: PRIYA_ID }));
    await expectDenied(ACME, () => changeCompanyPlan(olivia, { id: ACME, planId: STARTER }));
    await expectDenied(ACME, () => archiveCompany(olivia, { id: ACME }));
    await expectDenied(ACME, () => restoreCompany(olivia, { id: ACME }));
  });

  it("answers 401 to a call without a viewer", async () => {
    expect(await archiveCompany(contextFor(db, null), { id: ACME })).toMatchObject({ ok: false, status: 401 });
  });

  it("assigns an SE, audited, and refuses a client, the admin or a deactivated SE as a field error", async () => {
    const admin = await as(ADMIN);
    const id = await newCompany({ assignedSeId: SAM_ID });

    for (const notAnSe of [OLIVIA_ID, ADMIN_ID, stableId("user:nobody")]) {
      const before = await companyRow(id);
      const auditsBefore = await auditCount();
      const result = await assignCompanySe(admin, { id, assignedSeId: notAnSe });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { assignedSeId: [expect.any(String)] } });
      expect(await companyRow(id)).toEqual(before);
      expect(await auditCount()).toBe(auditsBefore);
    }

    // a deactivated SE is refused too
    const inactiveSe = stableId(`user:inactive-se-${engine}`);
    await db.execute(sql`
      INSERT INTO users (id, email, name, role, active) VALUES (${inactiveSe}, ${`inactive-se-${engine}@nexus.example.com`}, 'Former SE', 'se', false)
    `);
    expect(await assignCompanySe(admin, { id, assignedSeId: inactiveSe })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { assignedSeId: [expect.any(String)] },
    });
    expect((await companyRow(id)).assignedSeId).toBe(SAM_ID);

    const moved = await assignCompanySe(admin, { id, assignedSeId: PRIYA_ID });
    expect(moved).toMatchObject({ ok: true });
    expect((await companyRow(id)).assignedSeId).toBe(PRIYA_ID);
    expect(await listAssignedCompanyIds(db, PRIYA_ID)).toContain(id);
    expect(await listAssignedCompanyIds(db, SAM_ID)).not.toContain(id);
    const [entry] = await auditEntries(id, "company.assign_se");
    expect(entry).toMatchObject({ actorId: ADMIN_ID, targetId: id, companyId: id });
    expect(entry?.changes).toEqual({ assignedSeId: { from: SAM_ID, to: PRIYA_ID } });

    // a blank choice leaves the company without an SE
    expect(await assignCompanySe(admin, { id, assignedSeId: "" })).toMatchObject({ ok: true });
    expect((await companyRow(id)).assignedSeId).toBeNull();
  });

  it("defers a plan change to the next billing month when the company has a plan", async () => {
    const admin = await as(ADMIN);
    const id = await newCompany({ planId: GROWTH });

    const result = await changeCompanyPlan(admin, { id, planId: SCALE });
    expect(result).toMatchObject({ ok: true });
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    const thisMonth = monthOf(now);
    expect(await planHistoryOf(db, id)).toEqual([
      { fromMonth: thisMonth, planId: GROWTH },
      { fromMonth: nextMonth, planId: SCALE },
    ]);
    const [entry] = await auditEntries(id, "company.plan_change");
    expect(entry).toMatchObject({ actorId: ADMIN_ID, targetId: id, companyId: id });
    expect(entry?.changes).toEqual({
      nextPlanId: { from: null, to: SCALE },
      nextPlanFrom: { from: null, to: nextMonth },
    });

    const detail = await findCompany(db, { scope: { kind: "all" }, id });
    expect(detail).toMatchObject({ planName: "Growth", nextPlanName: "Scale", nextPlanFrom: nextMonth });

    // choosing the current plan again cancels the pending change
    const cancelled = await changeCompanyPlan(admin, { id, planId: GROWTH });
    expect(cancelled).toMatchObject({ ok: true, message: expect.stringMatching(/cancelled/) });
    expect(await planHistoryOf(db, id)).toEqual([{ fromMonth: thisMonth, planId: GROWTH }]);
    const [, cancelEntry] = await auditEntries(id, "company.plan_change");
    expect(cancelEntry?.changes).toEqual({
      nextPlanId: { from: SCALE, to: null },
      nextPlanFrom: { from: nextMonth, to: null },
    });

    // an unknown or retired plan is a field error
    const retired = stableId(`plan:retired-${engine}`);
    await db.execute(sql`
      INSERT INTO plans (id, name, base_price_cents, included_runs, overage_price_cents, active)
      VALUES (${retired}, ${`Retired ${engine}`}, 100, 10, 1, false)
    `);
    for (const planId of [retired, stableId("plan:none")]) {
      expect(await changeCompanyPlan(admin, { id, planId })).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { planId: [expect.any(String)] },
      });
    }
    expect(await planHistoryOf(db, id)).toEqual([{ fromMonth: thisMonth, planId: GROWTH }]);
  });

  it("shows a change that has come due as the plan in force, and keeps every earlier month's plan through later changes", async () => {
    const admin = await as(ADMIN);
    const id = await newCompany({ planId: GROWTH });
    // a change made months ago, dated from a month that has begun
    await setPlanHistory(db, id, [
      { fromMonth: ALWAYS, planId: GROWTH },
      { fromMonth: "2026-01-01", planId: SCALE },
    ]);
    expect(await findCompany(db, { scope: { kind: "all" }, id })).toMatchObject({
      planId: SCALE,
      planName: "Scale",
      nextPlanId: null,
      nextPlanName: null,
      nextPlanFrom: null,
    });
    const listed = (await listCompanies(db, { scope: { kind: "all" } })).find((company) => company.id === id);
    expect(listed).toMatchObject({ planName: "Scale", nextPlanName: null });
    // with the clock before it, the change is still pending
    expect(await findCompany(db, { scope: { kind: "all" }, id, now: new Date("2025-12-15T00:00:00Z") })).toMatchObject({
      planName: "Growth",
      nextPlanName: "Scale",
      nextPlanFrom: "2026-01-01",
    });

    // choosing Scale now: nothing to change
    expect(await changeCompanyPlan(admin, { id, planId: SCALE })).toMatchObject({ ok: true, message: expect.stringMatching(/already on Scale/) });

    // a further change starts next month; the months before keep their plans
    expect(await changeCompanyPlan(admin, { id, planId: STARTER })).toMatchObject({ ok: true });
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    expect(await planHistoryOf(db, id)).toEqual([
      { fromMonth: ALWAYS, planId: GROWTH },
      { fromMonth: "2026-01-01", planId: SCALE },
      { fromMonth: nextMonth, planId: STARTER },
    ]);
    const entries = await auditEntries(id, "company.plan_change");
    expect(entries.at(-1)?.changes).toEqual({
      nextPlanId: { from: null, to: STARTER },
      nextPlanFrom: { from: null, to: nextMonth },
    });
    expect(await findCompany(db, { scope: { kind: "all" }, id, now: new Date("2025-12-15T00:00:00Z") })).toMatchObject({ planName: "Growth" });
    expect(await findCompany(db, { scope: { kind: "all" }, id })).toMatchObject({ planName: "Scale", nextPlanName: "Starter", nextPlanFrom: nextMonth });
    expect(await findCompany(db, { scope: { kind: "all" }, id, now: new Date(`${nextMonth}T12:00:00Z`) })).toMatchObject({
      planName: "Starter",
      nextPlanName: null,
    });
  });

  it("sets the plan at once when the company has none", async () => {
    const id = await newCompany({ planId: "" });
    expect(await changeCompanyPlan(await as(ADMIN), { id, planId: STARTER })).toMatchObject({ ok: true });
    expect(await planHistoryOf(db, id)).toEqual([{ fromMonth: monthOf(new Date()), planId: STARTER }]);
    const [entry] = await auditEntries(id, "company.plan_change");
    expect(entry?.changes).toEqual({ planId: { from: null, to: STARTER }, planFrom: { from: null, to: monthOf(new Date()) } });
  });

  it("archives a company out of its SE's scope, and restores it", async () => {
    const admin = await as(ADMIN);
    const id = await newCompany({ assignedSeId: PRIYA_ID });
    expect(await listAssignedCompanyIds(db, PRIYA_ID)).toContain(id);

    expect(await archiveCompany(admin, { id })).toMatchObject({ ok: true });
    const archived = await companyRow(id);
    expect(archived.status).toBe("archived");
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(await listAssignedCompanyIds(db, PRIYA_ID)).not.toContain(id);
    const [archiveEntry] = await auditEntries(id, "company.archive");
    expect(archiveEntry).toMatchObject({ actorId: ADMIN_ID, targetId: id, companyId: id });
    expect(archiveEntry?.changes).toMatchObject({
      status: { from: "active", to: "archived" },
      archivedAt: { from: null, to: expect.any(String) },
    });

    // Priya no longer reaches it: not in her list, and her edits are refused
    const priya = await as(PRIYA);
    const priyaScope = { kind: "companies" as const, companyIds: priya.viewer?.companyIds ?? [] };
    expect((await listCompanies(db, { scope: priyaScope })).map((company) => company.id)).not.toContain(id);
    await expectDenied(id, () =>
      updateCompanyProfile(priya, { id, name: "Back", industry: "Testing", hourlyRate: "", status: "active" }),
    );
    // nor does anyone edit it while archived
    expect(
      await updateCompanyProfile(admin, { id, name: "Back", industry: "Testing", hourlyRate: "", status: "active" }),
    ).toMatchObject({ ok: false, status: 409 });
    expect(await archiveCompany(admin, { id })).toMatchObject({ ok: false, status: 409 });

    expect(await restoreCompany(admin, { id })).toMatchObject({ ok: true });
    expect(await companyRow(id)).toMatchObject({ status: "active", archivedAt: null });
    expect(await listAssignedCompanyIds(db, PRIYA_ID)).toContain(id);
    const [restoreEntry] = await auditEntries(id, "company.restore");
    expect(restoreEntry?.changes).toMatchObject({
      status: { from: "archived", to: "active" },
      archivedAt: { from: expect.any(String), to: null },
    });
  });

  it("pages the list: each page is the matching slice of the whole list, the count is the whole list's", async () => {
    const all = await listCompanies(db, { scope: { kind: "all" } });
    expect(await countCompanies(db, { scope: { kind: "all" } })).toBe(all.length);
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 2) pages.push(...(await listCompanies(db, { scope: { kind: "all" }, limit: 2, offset })));
    expect(pages).toEqual(all);
    const sam = await viewerFor(db, SAM);
    const samScope = { kind: "companies" as const, companyIds: sam.companyIds };
    expect(await listCompanies(db, { scope: samScope, limit: 1, offset: 1 })).toEqual((await listCompanies(db, { scope: samScope })).slice(1, 2));
    expect(await countCompanies(db, { scope: samScope, search: "DENT" })).toBe(1);
    expect(await countCompanies(db, { scope: { kind: "companies", companyIds: [] } })).toBe(0);
  });

  it("lists exactly an SE's companies, searches by name and filters by status", async () => {
    const sam = await viewerFor(db, SAM);
    const samScope = { kind: "companies" as const, companyIds: sam.companyIds };
    const listed = await listCompanies(db, { scope: samScope });
    expect(listed.map((company) => company.name)).toEqual(SAMS_COMPANIES);
    expect(listed.every((company) => company.assignedSeId === SAM_ID)).toBe(true);
    const acme = listed.find((company) => company.id === ACME);
    expect(acme).toMatchObject({ planName: "Scale", nextPlanName: null, assignedSeName: "Sam Rivera", activeClientUsers: 3 });

    // search: case-insensitive, part of the name, and only within the scope
    expect((await listCompanies(db, { scope: samScope, search: "DENT" })).map((company) => company.id)).toEqual([BRIGHTSIDE]);
    expect(await listCompanies(db, { scope: samScope, search: "copperleaf" })).toEqual([]);
    expect((await listCompanies(db, { scope: { kind: "all" }, search: "copperleaf" })).map((company) => company.id)).toEqual([
      COPPERLEAF,
    ]);
    // wildcards are matched literally
    expect(await listCompanies(db, { scope: { kind: "all" }, search: "%" })).toEqual([]);

    // status: Foxglove Media is Priya's onboarding company
    expect(await listCompanies(db, { scope: samScope, status: "onboarding" })).toEqual([]);
    expect((await listCompanies(db, { scope: { kind: "all" }, status: "onboarding" })).map((company) => company.name)).toContain(
      "Foxglove Media",
    );

    // an empty scope reaches nothing
    expect(await listCompanies(db, { scope: { kind: "companies", companyIds: [] } })).toEqual([]);
    expect(await findCompany(db, { scope: samScope, id: COPPERLEAF })).toBeNull();
    expect(await findCompany(db, { scope: samScope, id: ACME })).toMatchObject({ name: "Acme Logistics" });
    expect(await listCompanyUsers(db, { scope: samScope, companyId: COPPERLEAF })).toEqual([]);
    expect((await listCompanyUsers(db, { scope: samScope, companyId: ACME })).map((user) => user.email)).toContain(OLIVIA);
  });
});
