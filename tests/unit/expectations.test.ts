// Expectation rules (lib/expectations.ts): late exactly at cadence plus grace, cron
// schedules in a time zone across a DST change, failure rules with hysteresis, words.
import { describe, expect, it } from "vitest";
import { cronProblem, describeExpectation, failureVerdict, lateSince, type Expectation } from "@/lib/expectations";

const base: Expectation = {
  cadenceKind: null,
  intervalMinutes: null,
  cronExpression: null,
  timeZone: null,
  graceMinutes: 15,
  failureStreak: null,
  failureRatePercent: null,
  failureRateWindow: 20,
  failureRateMinRuns: 5,
  since: new Date("2026-01-01T00:00:00Z"),
};

describe("lateness", () => {
  const hourly: Expectation = { ...base, cadenceKind: "interval", intervalMinutes: 60 };
  const last = new Date("2026-12-01T10:00:00Z");

  it("is late exactly at the last start plus cadence plus grace, not a minute before", () => {
    expect(lateSince(hourly, last, new Date("2026-12-01T11:14:00Z"))).toBeNull();
    expect(lateSince(hourly, last, new Date("2026-12-01T11:14:59.999Z"))).toBeNull();
    expect(lateSince(hourly, last, new Date("2026-12-01T11:15:00Z"))).toEqual(new Date("2026-12-01T11:15:00Z"));
  });

  it("counts from when the expectation was set, never from before", () => {
    const fresh = { ...hourly, since: new Date("2026-12-01T12:00:00Z") };
    expect(lateSince(fresh, last, new Date("2026-12-01T13:14:00Z"))).toBeNull();
    expect(lateSince(fresh, null, new Date("2026-12-01T13:15:00Z"))).toEqual(new Date("2026-12-01T13:15:00Z"));
  });

  it("follows a cron schedule in its time zone across the change to summer time", () => {
    // 09:15 Berlin every day: 08:15Z in winter (CET), 07:15Z from 29 March 2026 (CEST)
    const daily: Expectation = { ...base, cadenceKind: "cron", cronExpression: "15 9 * * *", timeZone: "Europe/Berlin" };
    const ranSaturday = new Date("2026-03-28T08:15:05Z");
    expect(lateSince(daily, ranSaturday, new Date("2026-03-29T07:29:59Z"))).toBeNull();
    expect(lateSince(daily, ranSaturday, new Date("2026-03-29T07:30:00Z"))).toEqual(new Date("2026-03-29T07:30:00Z"));
    // a run at 09:15 Berlin summer time counts
    expect(lateSince(daily, new Date("2026-03-29T07:15:02Z"), new Date("2026-03-29T09:00:00Z"))).toBeNull();
  });

  it("expects weekday schedules only on weekdays", () => {
    const weekdays: Expectation = { ...base, cadenceKind: "cron", cronExpression: "0 9 * * 1-5", timeZone: "UTC", graceMinutes: 30 };
    const friday = new Date("2026-12-04T09:00:10Z");
    expect(lateSince(weekdays, friday, new Date("2026-12-06T12:00:00Z"))).toBeNull(); // Sunday
    expect(lateSince(weekdays, friday, new Date("2026-12-07T09:30:00Z"))).toEqual(new Date("2026-12-07T09:30:00Z")); // Monday
  });

  it("never alerts without a cadence", () => {
    expect(lateSince(base, null, new Date("2030-01-01T00:00:00Z"))).toBeNull();
  });

  it("says what is wrong with a cron expression or zone", () => {
    expect(cronProblem("15 9 * * 1-5", "Europe/Berlin")).toBeNull();
    expect(cronProblem("61 9 * * *", "UTC")).toMatch(/Not a cron expression/);
    expect(cronProblem("0 9 * * *", "Mars/Olympus")).toMatch(/not a time zone/);
  });
});

describe("failure rules", () => {
  const F = true;
  const S = false;
  const streak3: Expectation = { ...base, failureStreak: 3 };
  const rate40: Expectation = { ...base, failureRatePercent: 40, failureRateWindow: 10, failureRateMinRuns: 5 };

  it("trips on K failures in a row and clears on the next success", () => {
    expect(failureVerdict(streak3, [F, F, S, F])).toMatchObject({ tripped: false, streak: 2 });
    expect(failureVerdict(streak3, [F, F, F, S])).toMatchObject({ tripped: true, cleared: false });
    expect(failureVerdict(streak3, [S, F, F, F])).toMatchObject({ tripped: false, cleared: true });
  });

  it("trips on a rate above X % once the minimum count has finished", () => {
    expect(failureVerdict(rate40, [F, F, S, S])).toMatchObject({ tripped: false }); // 4 runs < 5
    expect(failureVerdict(rate40, [S, F, F, S, F])).toMatchObject({ tripped: true }); // 60 %
    expect(failureVerdict(rate40, [S, F, S, S, F, S, S, S, S, S])).toMatchObject({ tripped: false }); // 20 %
  });

  it("clears a rate alert only well below the threshold (hysteresis)", () => {
    // 40 %: not above 40, but above 30 (three quarters of it): neither tripped nor cleared
    expect(failureVerdict(rate40, [S, F, S, F, S, S, F, S, F, S])).toMatchObject({ tripped: false, cleared: false, failed: 4, finished: 10 });
    expect(failureVerdict(rate40, [S, S, S, F, S, S, S, S, S, F])).toMatchObject({ tripped: false, cleared: true });
  });
});

describe("the preview in words", () => {
  it("describes an interval and the rules", () => {
    expect(
      describeExpectation({ ...base, cadenceKind: "interval", intervalMinutes: 120, failureStreak: 3, failureRatePercent: 20 }),
    ).toEqual([
      "Alerts when no run has started for 2 hours and 15 minutes (every 2 hours, plus 15 minutes of grace).",
      "Alerts when 3 runs in a row fail, or when more than 20 % of the last 20 finished runs fail (once at least 5 have finished).",
    ]);
  });
  it("names the next deadline of a cron schedule in its zone", () => {
    const [line] = describeExpectation(
      { ...base, cadenceKind: "cron", cronExpression: "0 9 * * 1-5", timeZone: "Europe/Berlin" },
      new Date("2026-12-04T12:00:00Z"), // a Friday afternoon
    );
    expect(line).toBe(
      "Alerts when no run has started by Mon 7 Dec, 09:15 (Europe/Berlin) for the run due Mon 7 Dec, 09:00; the one after is due Tue 8 Dec, 09:00.",
    );
  });
});
