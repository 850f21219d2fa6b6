// Shared figures: one load per key and window, concurrent callers included; failures are
// not kept.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sharedResult } from "@/lib/shared-result";

describe("sharedResult", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-25T12:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("loads once per key within the window, again after it", async () => {
    const shared = sharedResult<number>(2_000);
    const load = vi.fn(async () => load.mock.calls.length);
    const [a, b] = await Promise.all([shared("all", load), shared("all", load)]);
    expect([a, b]).toEqual([1, 1]);
    expect(await shared("se-1", load)).toBe(2);
    vi.advanceTimersByTime(1_999);
    expect(await shared("all", load)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await shared("all", load)).toBe(3);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it("does not keep a failed load", async () => {
    const shared = sharedResult<string>(2_000);
    await expect(shared("all", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await shared("all", async () => "fresh")).toBe("fresh");
  });
});
