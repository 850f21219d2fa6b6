// Migration 0008 turns each company's current and scheduled plan (companies.plan_id,
// next_plan_id, next_plan_from) into its plan history without changing any plan a screen
// showed: every month up to this one bills the same plan, every pending change stays
// pending. Run on both engines, from a database at migration 0007.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrate";
import { findCompany } from "@/db/queries/companies";
import { addMonths, monthOf } from "@/lib/billing";
import { createTestDatabase, engines, type TestDatabase } from "../support/databases";
import { migrateUpTo } from "../support/migrations";

const STARTER = "00000000-0000-4000-8000-00000000000a";
const GROWTH = "00000000-0000-4000-8000-00000000000b";
const SCALE = "00000000-0000-4000-8000-00000000000c";

type OldPlan = { planId: string | null; nextPlanId: string | null; nextPlanFrom: string | null };

/** What every screen showed before 0008 (the rule of lib/billing.ts then). */
function oldPlanInForce(company: OldPlan, month: string): string | null {
  if (company.nextPlanId && company.nextPlanFrom && company.nextPlanFrom <= month) return company.nextPlanId;
  return company.planId;
}
function oldPending(company: OldPlan, month: string): string | null {
  if (!company.nextPlanId) return null;
  return company.nextPlanFrom === null || company.nextPlanFrom > month ? company.nextPlanId : null;
}

describe.each(engines)("migrating plans to a history on %s", (engine) => {
  let database: TestDatabase;
  const thisMonth = monthOf(new Date());
  const nextMonth = addMonths(thisMonth, 1);
  const companies: (OldPlan & { id: string; createdAt: string; legacy?: boolean })[] = [
    { id: "00000000-0000-4000-8000-000000000001", createdAt: "2026-03-10", planId: GROWTH, nextPlanId: null, nextPlanFrom: null },
    // a change that has come due, one still pending, and one made before the creation month
    { id: "00000000-0000-4000-8000-000000000002", createdAt: "2026-02-03", planId: GROWTH, nextPlanId: SCALE, nextPlanFrom: "2026-10-01" },
    { id: "00000000-0000-4000-8000-000000000003", createdAt: "2026-04-20", planId: STARTER, nextPlanId: GROWTH, nextPlanFrom: nextMonth },
    { id: "00000000-0000-4000-8000-000000000004", createdAt: "2026-05-05", planId: STARTER, nextPlanId: SCALE, nextPlanFrom: "2026-01-01" },
    // a change stored before changes were dated: shown as pending
    { id: "00000000-0000-4000-8000-000000000005", createdAt: "2026-01-15", planId: GROWTH, nextPlanId: SCALE, nextPlanFrom: null, legacy: true },
    { id: "00000000-0000-4000-8000-000000000006", createdAt: "2026-06-01", planId: null, nextPlanId: null, nextPlanFrom: null },
  ];

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
    // the migrations up to 0007, as a database deployed before plan history has them
    await migrateUpTo(database.db, 7);

    await database.db.execute(sql`
      INSERT INTO plans (id, name, base_price_cents, included_runs, overage_price_cents) VALUES
        (${STARTER}, 'Starter', 49000, 2000, 5), (${GROWTH}, 'Growth', 149000, 10000, 3), (${SCALE}, 'Scale', 399000, 50000, 2)
    `);
    for (const company of companies) {
      await database.db.execute(sql`
        INSERT INTO companies (id, name, industry, plan_id, next_plan_id, next_plan_from, created_at)
        VALUES (${company.id}, ${`Company ${company.id.slice(-1)}`}, 'Testing', ${company.planId}, ${company.nextPlanId},
          ${company.nextPlanFrom}, ${`${company.createdAt}T09:00:00Z`})
      `);
    }
    await runMigrations(database.url);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("bills every month up to this one on the plan shown before, and keeps every pending change", async () => {
    const months = Array.from({ length: 14 }, (_, index) => addMonths("2025-11-01", index)).filter((month) => month <= thisMonth);
    for (const company of companies) {
      for (const month of months) {
        const shown = await findCompany(database.db, { scope: { kind: "all" }, id: company.id, now: new Date(`${month}T12:00:00Z`) });
        expect(shown?.planId ?? null, `${company.id} ${month}`).toBe(oldPlanInForce(company, month));
      }
      const today = await findCompany(database.db, { scope: { kind: "all" }, id: company.id });
      expect(today?.nextPlanId ?? null, company.id).toBe(oldPending(company, thisMonth));
      // a pending change keeps its month; an undated one starts next month
      if (today?.nextPlanId) expect(today.nextPlanFrom).toBe(company.legacy ? nextMonth : company.nextPlanFrom);
    }
    // and the months ahead follow the pending change
    const pending = companies[2];
    if (!pending) throw new Error("fixture missing");
    const ahead = await findCompany(database.db, { scope: { kind: "all" }, id: pending.id, now: new Date(`${nextMonth}T12:00:00Z`) });
    expect(ahead?.planId).toBe(GROWTH);
  });
});
