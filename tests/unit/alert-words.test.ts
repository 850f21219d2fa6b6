// The alert screens' pure parts (issue 15): a workflow's health in a client's words, and
// the expectation form's values from a stored or suggested expectation.
import { describe, expect, it } from "vitest";
import { formValuesOf, wholeIn } from "@/app/(admin)/admin/workflows/[id]/_components/expectation-values";
import { healthSentence, problemWords, sinceWords, type WorkflowHealthView } from "@/components/workflows/workflow-health-words";
import { defaultExpectation } from "@/lib/expectations";

const now = new Date("2026-12-06T12:00:00Z"); // a Sunday

describe("workflow health in words", () => {
  const health = (values: Partial<WorkflowHealthView>): WorkflowHealthView => ({
    workflowName: "Invoice sync",
    status: "active",
    lastRunAt: new Date("2026-12-04T09:00:00Z"),
    state: "healthy",
    acknowledged: false,
    ...values,
  });

  it("says since when, the way people say it", () => {
    expect(sinceWords(new Date("2026-12-06T01:43:00Z"), now)).toBe("today 01:43 UTC");
    expect(sinceWords(new Date("2026-12-05T23:59:00Z"), now)).toBe("yesterday 23:59 UTC");
    expect(sinceWords(new Date("2026-12-04T09:00:00Z"), now)).toBe("Friday 09:00 UTC");
    expect(sinceWords(new Date("2026-11-12T09:00:00Z"), now)).toBe("12 Nov 09:00 UTC");
  });

  it("tells the client what is wrong and whether the agency is on it", () => {
    expect(healthSentence(health({ state: "late" }), now)).toBe("Invoice sync has not run since Friday 09:00 UTC — your agency has been alerted.");
    expect(healthSentence(health({ state: "late", acknowledged: true }), now)).toBe("Invoice sync has not run since Friday 09:00 UTC — your agency is on it.");
    expect(healthSentence(health({ state: "late", lastRunAt: null }), now)).toBe("Invoice sync has not started a run on schedule yet — your agency has been alerted.");
    expect(healthSentence(health({ state: "failing", acknowledged: true }), now)).toBe("Invoice sync keeps failing — your agency is on it.");
    expect(healthSentence(health({}), now)).toBe("Invoice sync is running normally.");
    expect(healthSentence(health({ status: "paused" }), now)).toBe("Invoice sync is paused.");
    expect(problemWords(health({}), now)).toBeNull();
  });
});

describe("the expectation form's values", () => {
  it("shows a stored interval in the largest whole unit", () => {
    const base = { ...defaultExpectation("manual"), cadenceKind: "interval" as const };
    expect(formValuesOf({ ...base, intervalMinutes: 2880 })).toMatchObject({ cadence: "interval", intervalValue: "2", intervalUnit: "days" });
    expect(formValuesOf({ ...base, intervalMinutes: 180 })).toMatchObject({ intervalValue: "3", intervalUnit: "hours" });
    expect(formValuesOf({ ...base, intervalMinutes: 45 })).toMatchObject({ intervalValue: "45", intervalUnit: "minutes" });
  });

  it("prefills the suggestion for the trigger: a manual workflow expects nothing", () => {
    expect(formValuesOf(defaultExpectation("manual"))).toMatchObject({ cadence: "none", failureStreak: "", failureRatePercent: "", timeZone: "UTC" });
    expect(formValuesOf(defaultExpectation("schedule"))).toMatchObject({ cadence: "interval", intervalValue: "1", intervalUnit: "days", graceMinutes: "60", failureStreak: "3", failureRatePercent: "20" });
  });

  it("reads whole numbers in range only", () => {
    expect(wholeIn(" 5 ", 1, 10)).toBe(5);
    expect(wholeIn("", 1, 10)).toBeNull();
    expect(wholeIn("2.5", 1, 10)).toBeNull();
    expect(wholeIn("11", 1, 10)).toBeNull();
    expect(wholeIn("-1", 0, 10)).toBeNull();
  });
});
