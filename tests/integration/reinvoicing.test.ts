// Re-invoicing a voided month (issue 16, item 2) on both engines: voiding lets staff issue
// the month again (a new number, linked both ways), the database allows at most one
// invoice per company and month that is not void, and revenue and the client's spend
// count the replacement only.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueInvoices, voidInvoice } from "@/app/(admin)/admin/billing/commands";
import { findInvoice, listMonthlyRevenue } from "@/db/queries/billing";
import { monthBills } from "@/db/queries/spend";
import { invoices } from "@/db/schema";
import { stableId } from "@/db/seed";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const MONTH = "2026-04-01";

describe.each(engines)("re-invoicing a voided month on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  const acmeInvoices = () =>
    database.db
      .select({ id: invoices.id, number: invoices.number, status: invoices.status, totalCents: invoices.totalCents, replacesInvoiceId: invoices.replacesInvoiceId })
      .from(invoices)
      .where(and(eq(invoices.companyId, ACME), eq(invoices.month, MONTH)))
      .orderBy(invoices.createdAt);

  it("issues a replacement with a new number, linked both ways, and counts only it", async () => {
    const admin = contextFor(database.db, await viewerFor(database.db, "admin@nexus.example.com"));
    expect(await issueInvoices(admin, { month: MONTH.slice(0, 7) })).toMatchObject({ ok: true });
    const [first] = await acmeInvoices();
    if (!first) throw new Error("no invoice issued");

    // not void yet: issuing again adds nothing
    expect(await issueInvoices(admin, { month: MONTH.slice(0, 7) })).toMatchObject({ ok: true, data: { issued: 0 } });
    expect(await voidInvoice(admin, { id: first.id, reason: "Billed on the wrong plan" })).toMatchObject({ ok: true });
    const reissued = await issueInvoices(admin, { month: MONTH.slice(0, 7) });
    expect(reissued).toMatchObject({ ok: true, data: { issued: 1 } });

    const [voided, replacement, ...rest] = await acmeInvoices();
    expect(rest).toHaveLength(0);
    expect(voided).toMatchObject({ id: first.id, status: "void" });
    expect(replacement).toMatchObject({ status: "open", number: `${first.number}-R1`, replacesInvoiceId: first.id });

    const now = new Date();
    const all = { kind: "all" } as const;
    expect(await findInvoice(database.db, { scope: all, id: first.id, now })).toMatchObject({ replacedBy: { id: replacement?.id, number: replacement?.number } });
    expect(await findInvoice(database.db, { scope: all, id: replacement?.id ?? "", now })).toMatchObject({ replacesNumber: first.number, replacedBy: null });

    // the month's revenue and the client's bill count the replacement, never the void one
    const acmeOnly = { kind: "companies", companyIds: [ACME] } as const;
    const revenue = await listMonthlyRevenue(database.db, { scope: acmeOnly, now, currency: "USD", months: 12 });
    const april = revenue.find((row) => row.month === MONTH);
    expect(april).toMatchObject({ paidCents: 0, outstandingCents: replacement?.totalCents });
    const bills = await monthBills(database.db, { scope: acmeOnly, companyId: ACME, months: [MONTH], now });
    expect(bills?.get(MONTH)).toBe(replacement?.totalCents);

    // a second replacement after voiding the first one: -R2, replacing the -R1
    expect(await voidInvoice(admin, { id: replacement?.id ?? "", reason: "Still wrong" })).toMatchObject({ ok: true });
    expect(await issueInvoices(admin, { month: MONTH.slice(0, 7) })).toMatchObject({ ok: true, data: { issued: 1 } });
    const latest = (await acmeInvoices()).at(-1);
    expect(latest).toMatchObject({ number: `${first.number}-R2`, replacesInvoiceId: replacement?.id, status: "open" });
  });

  it("refuses a second invoice for a company and month that is not void, in the database itself", async () => {
    const [open] = (await acmeInvoices()).filter((invoice) => invoice.status !== "void");
    if (!open) throw new Error("expected an open invoice");
    const copy = await database.db.execute(sql`
      INSERT INTO invoices (number, company_id, plan_id, month, status, currency, billable_runs, included_runs, overage_runs,
        base_price_cents, overage_price_cents, overage_cents, total_cents)
      SELECT number || '-copy', company_id, plan_id, month, 'open', currency, billable_runs, included_runs, overage_runs,
        base_price_cents, overage_price_cents, overage_cents, total_cents
      FROM invoices WHERE id = ${open.id}
    `).then(
      () => "inserted",
      (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code),
    );
    expect(copy).toBe("23505");
  });
});
