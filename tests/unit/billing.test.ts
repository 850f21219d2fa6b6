// Billing arithmetic (PRODUCT.md §4) and money parsing, pure: what invoices, usage screens
// and the plan forms rely on.
import { describe, expect, it } from "vitest";
import { centsToMoneyInput, parseMoneyToCents } from "@/app/(admin)/admin/billing/money";
import { planFieldsSchema } from "@/app/(admin)/admin/billing/schema";
import { addMonths, invoiceAmounts, monthOf, planIdInForce, projectedBillableRuns } from "@/lib/billing";

const growth = { basePriceCents: 149_000, includedRuns: 10_000, overagePriceCents: 3 };

describe("invoice amounts", () => {
  it("bills only the base price below the included runs", () => {
    expect(invoiceAmounts(growth, 9_999)).toEqual({
      billableRuns: 9_999,
      includedRuns: 10_000,
      overageRuns: 0,
      basePriceCents: 149_000,
      overagePriceCents: 3,
      overageCents: 0,
      totalCents: 149_000,
    });
    expect(invoiceAmounts(growth, 0).totalCents).toBe(149_000);
  });

  it("bills only the base price at exactly the included runs", () => {
    expect(invoiceAmounts(growth, 10_000)).toMatchObject({ overageRuns: 0, overageCents: 0, totalCents: 149_000 });
  });

  it("bills each run above the included ones at the overage price", () => {
    expect(invoiceAmounts(growth, 10_001)).toMatchObject({ overageRuns: 1, overageCents: 3, totalCents: 149_003 });
    expect(invoiceAmounts(growth, 12_345)).toMatchObject({ overageRuns: 2_345, overageCents: 7_035, totalCents: 156_035 });
  });

  it("stays in whole cents", () => {
    const amounts = invoiceAmounts({ basePriceCents: 4_999, includedRuns: 0, overagePriceCents: 7 }, 333);
    expect(amounts.totalCents).toBe(4_999 + 333 * 7);
    expect(Number.isInteger(amounts.totalCents)).toBe(true);
  });
});

describe("a plan change in the middle of a month", () => {
  // on Growth since long ago; changed on 2026-11-17 to Scale: the change applies from December
  const history = [
    { fromMonth: "2020-01-01", planId: "growth" },
    { fromMonth: addMonths(monthOf(new Date("2026-11-17T10:00:00Z")), 1), planId: "scale" },
  ];

  it("bills the month of the change on the old plan", () => {
    expect(history[1]?.fromMonth).toBe("2026-12-01");
    expect(planIdInForce(history, "2026-11-01")).toBe("growth");
    expect(planIdInForce(history, "2026-10-01")).toBe("growth");
  });

  it("bills the next month and later ones on the new plan", () => {
    expect(planIdInForce(history, "2026-12-01")).toBe("scale");
    expect(planIdInForce(history, "2027-03-01")).toBe("scale");
  });

  it("bills the current plan when no change is pending, and nothing without a plan", () => {
    expect(planIdInForce([{ fromMonth: "2026-11-01", planId: "growth" }], "2026-12-01")).toBe("growth");
    expect(planIdInForce([], "2026-12-01")).toBeNull();
  });
});

describe("a plan history", () => {
  const history = [
    { fromMonth: "2026-09-01", planId: "starter" },
    { fromMonth: "2026-11-01", planId: "growth" },
    { fromMonth: "2027-01-01", planId: "scale" },
  ];

  it("bills every month on the plan in force that month, whenever it is asked", () => {
    expect(planIdInForce(history, "2026-09-01")).toBe("starter");
    expect(planIdInForce(history, "2026-10-01")).toBe("starter");
    expect(planIdInForce(history, "2026-11-01")).toBe("growth");
    expect(planIdInForce(history, "2026-12-01")).toBe("growth");
    expect(planIdInForce(history, "2027-01-01")).toBe("scale");
  });

  it("covers the months before the first entry with the first plan, in any order given", () => {
    expect(planIdInForce(history, "2026-01-01")).toBe("starter");
    expect(planIdInForce([...history].reverse(), "2026-10-01")).toBe("starter");
    expect(planIdInForce([...history].reverse(), "2026-01-01")).toBe("starter");
  });
});

describe("projected billable runs", () => {
  it("scales the runs so far by the share of the month that has passed", () => {
    // November has 30 days; the 16th at 00:00 is exactly half way
    expect(projectedBillableRuns(1_000, "2026-11-01", new Date("2026-11-16T00:00:00Z"))).toBe(2_000);
    // a third of the way through a 30-day month
    expect(projectedBillableRuns(100, "2026-11-01", new Date("2026-11-11T00:00:00Z"))).toBe(300);
  });

  it("projects an ended month to its count, and says nothing in the first hour", () => {
    expect(projectedBillableRuns(1_234, "2026-10-01", new Date("2026-11-20T00:00:00Z"))).toBe(1_234);
    expect(projectedBillableRuns(12, "2026-11-01", new Date("2026-11-01T00:30:00Z"))).toBe(12);
  });

  it("rounds to whole runs", () => {
    const projected = projectedBillableRuns(7, "2026-11-01", new Date("2026-11-04T05:00:00Z"));
    expect(Number.isInteger(projected)).toBe(true);
    expect(projected).toBe(Math.round((7 * 30 * 24) / (3 * 24 + 5)));
  });
});

describe("decimal money from a form", () => {
  it("parses amounts into exact cents by string handling", () => {
    expect(parseMoneyToCents("49.99")).toBe(4_999);
    expect(parseMoneyToCents("0.1")).toBe(10);
    expect(parseMoneyToCents("0.03")).toBe(3);
    expect(parseMoneyToCents("12")).toBe(1_200);
    expect(parseMoneyToCents(" 1490.00 ")).toBe(149_000);
    expect(parseMoneyToCents("0")).toBe(0);
    // the classic float trap: 1.15 * 100 is 114.99999999999999
    expect(parseMoneyToCents("1.15")).toBe(115);
    expect(parseMoneyToCents("9999999.99")).toBe(999_999_999);
  });

  it("refuses exponents, signs, more than two decimals, separators and blanks", () => {
    for (const text of ["1e3", "-1", "+1", "12.345", "1,000", "1.", ".5", "", " ", "abc", "NaN", "Infinity", "0x10", "10000000"]) {
      expect(parseMoneyToCents(text), text).toBeNull();
    }
  });

  it("writes cents back as the form shows them", () => {
    expect(centsToMoneyInput(4_999)).toBe("49.99");
    expect(centsToMoneyInput(10)).toBe("0.10");
    expect(centsToMoneyInput(149_000)).toBe("1490.00");
    for (const cents of [0, 1, 99, 100, 4_999, 999_999_999]) expect(parseMoneyToCents(centsToMoneyInput(cents))).toBe(cents);
  });

  it("turns a plan form into cents and whole runs, with a field error for each bad value", () => {
    expect(planFieldsSchema.parse({ name: " Pro ", basePrice: "49.99", includedRuns: "5000", overagePrice: "0.1" })).toEqual({
      name: "Pro",
      basePrice: 4_999,
      includedRuns: 5_000,
      overagePrice: 10,
    });
    const refused = planFieldsSchema.safeParse({ name: "", basePrice: "1e3", includedRuns: "1.5", overagePrice: "-1" });
    expect(refused.success).toBe(false);
    const fields = refused.error?.issues.map((issue) => issue.path.join(".")).sort();
    expect(fields).toEqual(["basePrice", "includedRuns", "name", "overagePrice"]);
  });
});
