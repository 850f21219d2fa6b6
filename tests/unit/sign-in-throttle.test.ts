import { describe, expect, it } from "vitest";
import {
  ACCOUNT_POLICY,
  IP_POLICY,
  backoffMs,
  decideThrottle,
  historyLimit,
  throttleKeyForIp,
  type SignInAttempt,
  type ThrottlePolicy,
} from "@/lib/sign-in-throttle";

const NOW = new Date("2026-11-21T10:00:00.000Z");
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function at(offsetMs: number): Date {
  return new Date(NOW.getTime() + offsetMs);
}

/** `count` failures ending `lastAgoMs` before NOW, one second apart. */
function failures(count: number, lastAgoMs = 0): SignInAttempt[] {
  return Array.from({ length: count }, (_, index) => ({ at: at(-lastAgoMs - (count - 1 - index) * SECOND), succeeded: false }));
}

describe("decideThrottle", () => {
  it("allows up to the free failures, then locks for 30 s after the latest failure", () => {
    expect(decideThrottle([], NOW, ACCOUNT_POLICY)).toEqual({ locked: false });
    expect(decideThrottle(failures(4), NOW, ACCOUNT_POLICY)).toEqual({ locked: false });
    expect(decideThrottle(failures(5), NOW, ACCOUNT_POLICY)).toEqual({ locked: true, lockedUntil: at(30 * SECOND), failures: 5 });
    // the lock ends exactly at the latest failure + 30 s
    expect(decideThrottle(failures(5, 29_999), NOW, ACCOUNT_POLICY).locked).toBe(true);
    expect(decideThrottle(failures(5, 30 * SECOND), NOW, ACCOUNT_POLICY)).toEqual({ locked: false });
  });

  it("doubles the backoff with each further failure and caps it at 15 minutes", () => {
    const expected = [30, 60, 120, 240, 480, 900, 900, 900].map((seconds) => seconds * SECOND);
    expected.forEach((backoff, index) => {
      const count = 5 + index;
      expect(backoffMs(count, ACCOUNT_POLICY), `${count} failures`).toBe(backoff);
      expect(decideThrottle(failures(count), NOW, ACCOUNT_POLICY)).toEqual({ locked: true, lockedUntil: at(backoff), failures: count });
    });
    expect(backoffMs(4, ACCOUNT_POLICY)).toBe(0);
    expect(backoffMs(10_000, ACCOUNT_POLICY)).toBe(15 * MINUTE);
  });

  it("counts only failures within the 15-minute window", () => {
    const old: SignInAttempt[] = failures(10, 15 * MINUTE);
    expect(decideThrottle(old, NOW, ACCOUNT_POLICY)).toEqual({ locked: false });
    // four old ones still in the window plus one new: five, locked from the newest
    const mixed = [...failures(4, 14 * MINUTE), { at: NOW, succeeded: false }];
    expect(decideThrottle(mixed, NOW, ACCOUNT_POLICY)).toEqual({ locked: true, lockedUntil: at(30 * SECOND), failures: 5 });
  });

  it("a success resets the account count but not the IP count", () => {
    const history = [...failures(5, 10 * SECOND), { at: at(-5 * SECOND), succeeded: true }, ...failures(2)];
    expect(decideThrottle(history, NOW, ACCOUNT_POLICY)).toEqual({ locked: false });
    const ipPolicy: ThrottlePolicy = { ...IP_POLICY, freeFailures: 5 };
    expect(decideThrottle(history, NOW, ipPolicy)).toEqual({ locked: true, lockedUntil: at(120 * SECOND), failures: 7 });
  });

  it("does not depend on the order of the history", () => {
    const history = [...failures(6), { at: at(-30 * MINUTE), succeeded: true }];
    const reversed = [...history].reverse();
    expect(decideThrottle(reversed, NOW, ACCOUNT_POLICY)).toEqual(decideThrottle(history, NOW, ACCOUNT_POLICY));
  });

  it("the per-IP policy allows 20 failures in the window", () => {
    expect(decideThrottle(failures(19), NOW, IP_POLICY)).toEqual({ locked: false });
    expect(decideThrottle(failures(20), NOW, IP_POLICY)).toEqual({ locked: true, lockedUntil: at(30 * SECOND), failures: 20 });
  });

  it("a truncated history (the newest historyLimit rows) decides like the whole one", () => {
    for (const policy of [ACCOUNT_POLICY, IP_POLICY]) {
      const limit = historyLimit(policy);
      const all = failures(limit + 40);
      const newest = [...all].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
      const whole = decideThrottle(all, NOW, policy);
      const truncated = decideThrottle(newest, NOW, policy);
      expect(whole).toMatchObject({ locked: true, lockedUntil: at(policy.maxBackoffMs) });
      expect(truncated).toMatchObject({ locked: true, lockedUntil: at(policy.maxBackoffMs) });
      expect(backoffMs(limit, policy)).toBe(policy.maxBackoffMs);
    }
  });
});

describe("throttleKeyForIp", () => {
  it("keys IPv4 as is, IPv4-mapped IPv6 as IPv4 and IPv6 by its /64", () => {
    expect(throttleKeyForIp("203.0.113.9")).toBe("203.0.113.9");
    expect(throttleKeyForIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(throttleKeyForIp("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(throttleKeyForIp("2001:DB8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(throttleKeyForIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleKeyForIp("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(throttleKeyForIp("::1")).toBe("0:0:0:0::/64");
    expect(throttleKeyForIp("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("gives no key for a missing or malformed address", () => {
    for (const value of [null, undefined, "", "unknown", "1.2.3", "999.1.1.1", "2001:db8::1::2", "not an ip"]) {
      expect(throttleKeyForIp(value), String(value)).toBeNull();
    }
  });
});
