import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  MAX_RANGE_DAYS,
  parseDateRange,
  presetRange,
  previousLabel,
  previousRange,
  rangeDays,
  rangeLabel,
  rangeQuery,
} from "@/lib/date-range";

const NOW = new Date("2026-11-20T15:30:00Z");

describe("parseDateRange", () => {
  it("defaults to the last 30 days, today included", () => {
    expect(parseDateRange({}, NOW)).toEqual({ ok: true, range: { from: "2026-10-22", to: "2026-11-20", days: 30, preset: "30d" } });
    expect(parseDateRange(new URLSearchParams(""), NOW)).toEqual(parseDateRange({}, NOW));
  });

  it("reads the presets", () => {
    expect(parseDateRange({ range: "7d" }, NOW)).toEqual({ ok: true, range: { from: "2026-11-14", to: "2026-11-20", days: 7, preset: "7d" } });
    expect(parseDateRange({ range: "90d" }, NOW)).toEqual({ ok: true, range: { from: "2026-08-23", to: "2026-11-20", days: 90, preset: "90d" } });
    expect(parseDateRange(new URLSearchParams("range=7d"), NOW)).toEqual(parseDateRange({ range: "7d" }, NOW));
    // a preset wins over stray dates (a form that keeps its date fields filled)
    expect(parseDateRange({ range: "7d", from: "2026-01-01", to: "2026-01-31" }, NOW).range.preset).toBe("7d");
    // the first of repeated parameters counts
    expect(parseDateRange({ range: ["90d", "7d"] }, NOW).range.days).toBe(90);
  });

  it("reads custom ranges, inclusive, across months and years", () => {
    expect(parseDateRange({ from: "2026-10-25", to: "2026-11-05" }, NOW)).toEqual({
      ok: true,
      range: { from: "2026-10-25", to: "2026-11-05", days: 12, preset: null },
    });
    expect(parseDateRange({ range: "custom", from: "2026-11-20", to: "2026-11-20" }, NOW)).toEqual({
      ok: true,
      range: { from: "2026-11-20", to: "2026-11-20", days: 1, preset: null },
    });
    expect(parseDateRange(new URLSearchParams("from=2025-12-30&to=2026-01-02"), NOW).range.days).toBe(4);
    // 366 days is the most
    expect(parseDateRange({ from: "2025-11-20", to: "2026-11-20" }, NOW)).toMatchObject({ ok: true, range: { days: 366 } });
  });

  it("refuses bad input with a message and falls back to the default range", () => {
    const cases: Record<string, string>[] = [
      { range: "14d" },
      { range: "custom" },
      { from: "2026-11-01" },
      { to: "2026-11-01" },
      { from: "2026-11-10", to: "2026-11-01" },
      { from: "2026-11-01", to: "2026-11-21" },
      { from: "2025-11-19", to: "2026-11-20" },
      { from: "2026-02-30", to: "2026-03-01" },
      { from: "2026-1-1", to: "2026-01-31" },
      { from: "yesterday", to: "today" },
      { from: "1969-12-01", to: "1969-12-31" },
      { from: "2026-11-01T00:00:00Z", to: "2026-11-02" },
    ];
    for (const params of cases) {
      const parsed = parseDateRange(params, NOW);
      expect(parsed.ok, JSON.stringify(params)).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.length).toBeGreaterThan(10);
        expect(parsed.range).toEqual(presetRange("30d", NOW));
      }
    }
    const late = parseDateRange({ from: "2026-11-01", to: "2026-11-21" }, NOW);
    expect(!late.ok && late.error).toMatch(/after today/);
    const long = parseDateRange({ from: "2025-01-01", to: "2026-11-20" }, NOW);
    expect(!long.ok && long.error).toMatch(/366 days/);
    const reversed = parseDateRange({ from: "2026-11-10", to: "2026-11-01" }, NOW);
    expect(!reversed.ok && reversed.error).toMatch(/start day/);
  });

  it("treats blank form fields as absent", () => {
    expect(parseDateRange({ range: "", from: "", to: "" }, NOW)).toEqual(parseDateRange({}, NOW));
    expect(parseDateRange(new URLSearchParams("from=&to=&workflow="), NOW).ok).toBe(true);
  });

  it("accepts every valid custom range and no other", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), (back, length) => {
        const to = addDays("2026-11-20", -back);
        const from = addDays(to, -length);
        const parsed = parseDateRange({ from, to }, NOW);
        expect(parsed.ok).toBe(length + 1 <= MAX_RANGE_DAYS);
        if (parsed.ok) {
          expect(parsed.range.days).toBe(length + 1);
          expect(rangeDays(parsed.range)).toHaveLength(length + 1);
        }
      }),
    );
  });
});

describe("previous period", () => {
  it("is the same length, ending the day before", () => {
    expect(previousRange(presetRange("30d", NOW))).toEqual({ from: "2026-09-22", to: "2026-10-21", days: 30, preset: null });
    expect(previousRange(presetRange("7d", NOW))).toEqual({ from: "2026-11-07", to: "2026-11-13", days: 7, preset: null });
    const custom = { from: "2026-03-01", to: "2026-03-31", days: 31, preset: null };
    expect(previousRange(custom)).toEqual({ from: "2026-01-29", to: "2026-02-28", days: 31, preset: null });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 366 }), (back, days) => {
        const to = addDays("2026-11-20", -back);
        const range = { from: addDays(to, -(days - 1)), to, days, preset: null };
        const previous = previousRange(range);
        expect(previous.days).toBe(days);
        expect(daysBetween(previous.from, previous.to)).toBe(days);
        expect(addDays(previous.to, 1)).toBe(range.from);
      }),
    );
  });
});

describe("labels and links", () => {
  it("says what the range is and how to link to it", () => {
    expect(rangeLabel(presetRange("30d", NOW))).toBe("the last 30 days");
    expect(rangeLabel({ from: "2026-10-25", to: "2026-11-05", days: 12, preset: null })).toBe("Oct 25, 2026 – Nov 5, 2026");
    expect(previousLabel(presetRange("7d", NOW))).toBe("previous 7 days");
    expect(rangeQuery(presetRange("7d", NOW))).toEqual({ range: "7d" });
    expect(rangeQuery({ from: "2026-10-25", to: "2026-11-05", days: 12, preset: null })).toEqual({ from: "2026-10-25", to: "2026-11-05" });
  });
});
