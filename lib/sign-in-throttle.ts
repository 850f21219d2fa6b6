import "server-only";
import { isIP } from "node:net";
import { z } from "zod";
import type { Database } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import {
  deleteSignInAttempt,
  deleteSignInAttemptsBefore,
  findUserForSignIn,
  loadSignInHistory,
  markSignedIn,
  markSignInAttemptSucceeded,
  recordSignInAttempt,
} from "@/db/queries/sign-in";
import type { User } from "@/db/schema";
import { logger } from "./logger";
import { verifyPassword } from "./password";

// Sign-in throttling (PRODUCT.md §7; the policy is described in README.md, "Sign-in limits").
// State lives in `login_attempts` only, so every app instance sees the same counts.

// ---------------------------------------------------------------- the policy (pure)

export type ThrottlePolicy = {
  /** failures older than this no longer count */
  windowMs: number;
  /** failures within the window before attempts are refused */
  freeFailures: number;
  /** the first lockout; each further failure doubles it */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** per account a success clears the count; per IP it must not (one valid account would reset it) */
  resetOnSuccess: boolean;
};

const MINUTE_MS = 60_000;

export const ACCOUNT_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE_MS,
  freeFailures: 5,
  baseBackoffMs: 30_000,
  maxBackoffMs: 15 * MINUTE_MS,
  resetOnSuccess: true,
};

export const IP_POLICY: ThrottlePolicy = { ...ACCOUNT_POLICY, freeFailures: 20, resetOnSuccess: false };

export type SignInAttempt = { at: Date; succeeded: boolean };

export type ThrottleDecision = { locked: false } | { locked: true; lockedUntil: Date; failures: number };

const ALLOWED: ThrottleDecision = { locked: false };

/** How long the lockout lasts after the `failures`-th failure: 0 below the limit, then base × 2^extra, capped. */
export function backoffMs(failures: number, policy: ThrottlePolicy): number {
  const extra = failures - policy.freeFailures;
  if (extra < 0) return 0;
  // 2 ** a large number is Infinity, which the cap absorbs.
  return Math.min(policy.baseBackoffMs * 2 ** extra, policy.maxBackoffMs);
}

/**
 * Whether an attempt at `now` may be checked, from the attempts before it (any order).
 * Counts the failures within the window (after the last success, when the policy resets);
 * at the limit or beyond, attempts are refused until the latest failure + the backoff.
 */
export function decideThrottle(history: readonly SignInAttempt[], now: Date, policy: ThrottlePolicy): ThrottleDecision {
  let countFrom = now.getTime() - policy.windowMs;
  if (policy.resetOnSuccess) {
    for (const attempt of history) {
      if (attempt.succeeded && attempt.at.getTime() > countFrom) countFrom = attempt.at.getTime();
    }
  }
  let failures = 0;
  let latestFailure = Number.NEGATIVE_INFINITY;
  for (const attempt of history) {
    const at = attempt.at.getTime();
    if (attempt.succeeded || at <= countFrom) continue;
    failures += 1;
    latestFailure = Math.max(latestFailure, at);
  }
  if (failures < policy.freeFailures) return ALLOWED;
  const lockedUntil = latestFailure + backoffMs(failures, policy);
  return now.getTime() < lockedUntil ? { locked: true, lockedUntil: new Date(lockedUntil), failures } : ALLOWED;
}

/**
 * How many of the newest attempts the decision needs: past this many failures the backoff
 * is at its cap, so older rows cannot change the answer.
 */
export function historyLimit(policy: ThrottlePolicy): number {
  return policy.freeFailures + Math.ceil(Math.log2(policy.maxBackoffMs / policy.baseBackoffMs)) + 1;
}

/**
 * The key an address is throttled under: an IPv4 address as is (IPv4-mapped IPv6 too), an
 * IPv6 address by its /64 (one subscriber's usual allocation, so rotating addresses within
 * it does not escape the limit). Null when there is no usable address: those attempts are
 * limited per account only, since one shared "unknown" key would let anyone lock out all.
 */
export function throttleKeyForIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const address = ip.trim().split("%")[0] ?? "";
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  }
  return `${[g0, g1, g2, g3].map((group) => group.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (isIP said so), or null. */
function ipv6Groups(address: string): number[] | null {
  const parts = (half: string): number[] => {
    if (half === "") return [];
    const groups: number[] = [];
    for (const piece of half.split(":")) {
      if (piece.includes(".")) {
        // an embedded IPv4 tail: two more groups
        const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else {
        groups.push(Number.parseInt(piece, 16));
      }
    }
    return groups;
  };
  const [head = "", tail, ...rest] = address.toLowerCase().split("::");
  if (rest.length > 0) return null;
  const before = parts(head);
  const after = tail === undefined ? [] : parts(tail);
  const zeros = 8 - before.length - after.length;
  if (zeros < 0 || (tail === undefined && zeros !== 0)) return null;
  const groups = [...before, ...Array<number>(zeros).fill(0), ...after];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

// ---------------------------------------------------------------- checking a sign-in

export const signInSchema = z.object({
  email: z.email("Enter a valid email address.").max(254).transform((value) => value.trim().toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(128, "Passwords are at most 128 characters."),
});

export type SignInUser = Pick<User, "id" | "email" | "name" | "role" | "companyId">;

export type SignInMeta = { ip: string | null; userAgent: string | null };

const LOOKBACK_MS = Math.max(ACCOUNT_POLICY.windowMs, IP_POLICY.windowMs);

/**
 * The Credentials `authorize` body: the user to sign in, or null. Null is the only failure
 * answer, the same for an unknown email, a wrong password, a deactivated account and a
 * lockout, and each of them runs one argon2 verify, so neither the answer nor its timing
 * tells them apart. `now` is for tests.
 */
export async function authorizeCredentials(
  db: Database,
  input: unknown,
  meta: SignInMeta,
  now: Date = new Date(),
): Promise<SignInUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ipKey = throttleKeyForIp(meta.ip);

  // Recorded (as a failure) before anything is decided, so attempts running at the same
  // time, on any instance, count each other: a burst cannot all slip under the limit.
  const attemptId = await recordSignInAttempt(db, { email, ip: ipKey ?? "unknown", succeeded: false, at: now });
  const history = await loadSignInHistory(db, {
    email,
    ip: ipKey,
    since: new Date(now.getTime() - LOOKBACK_MS),
    excludeId: attemptId,
    accountLimit: historyLimit(ACCOUNT_POLICY),
    ipLimit: historyLimit(IP_POLICY),
  });
  const accountBefore = decideThrottle(history.account, now, ACCOUNT_POLICY);
  const ipBefore = ipKey ? decideThrottle(history.ip, now, IP_POLICY) : ALLOWED;
  const refused = accountBefore.locked || ipBefore.locked;

  const user = await findUserForSignIn(db, email);
  // While locked the password is not checked, but the dummy hash still is (same timing).
  const passwordOk = await verifyPassword(refused ? null : (user?.passwordHash ?? null), password);

  if (refused) {
    // Never checked, so no failure: it neither lengthens the lockout nor counts for the IP.
    // Not audited either (the lockout was, once): a flood must not flood the audit log.
    await deleteSignInAttempt(db, attemptId);
    await pruneOccasionally(db, now);
    return null;
  }

  const ok = Boolean(user && user.active && passwordOk);
  const lockouts: { scope: "account" | "ip"; decision: ThrottleDecision }[] = [];
  if (!ok) {
    const failure: SignInAttempt = { at: now, succeeded: false };
    lockouts.push({ scope: "account", decision: decideThrottle([...history.account, failure], now, ACCOUNT_POLICY) });
    if (ipKey) lockouts.push({ scope: "ip", decision: decideThrottle([...history.ip, failure], now, IP_POLICY) });
  }

  await db.transaction(async (tx) => {
    if (ok && user) {
      await markSignInAttemptSucceeded(tx, attemptId);
      await markSignedIn(tx, user.id, now);
    }
    await appendAudit(tx, {
      action: ok ? "auth.sign_in" : "auth.sign_in_failed",
      actorId: user?.id ?? null,
      actorEmail: email,
      targetType: "user",
      targetId: user?.id ?? null,
      companyId: user?.companyId ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
      changes: ok ? null : { reason: !user ? "unknown_email" : !user.active ? "deactivated" : "wrong_password" },
    });
    // This failure was checked, so nothing was locked before it: a lock now is a new one.
    for (const { scope, decision } of lockouts) {
      if (!decision.locked) continue;
      await appendAudit(tx, {
        action: "auth.lockout",
        actorId: null,
        actorEmail: email,
        targetType: scope === "account" ? "user" : "ip",
        targetId: scope === "account" ? (user?.id ?? null) : ipKey,
        companyId: scope === "account" ? (user?.companyId ?? null) : null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        changes: {
          email,
          ip: meta.ip,
          scope,
          until: decision.lockedUntil.toISOString(),
          failures: decision.failures,
        },
      });
    }
  });
  await pruneOccasionally(db, now);

  if (!ok || !user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, companyId: user.companyId };
}

// ---------------------------------------------------------------- pruning

/** Attempts older than this are deleted: the throttle looks back 15 minutes, people a day. */
export const ATTEMPT_RETENTION_MS = 24 * 60 * MINUTE_MS;
const PRUNE_EVERY_MS = 60 * MINUTE_MS;

// Only a schedule, not throttle state: every instance may prune, each at most once an hour.
let nextPruneAt = 0;

async function pruneOccasionally(db: Database, now: Date): Promise<void> {
  if (Date.now() < nextPruneAt) return;
  nextPruneAt = Date.now() + PRUNE_EVERY_MS;
  try {
    await deleteSignInAttemptsBefore(db, new Date(now.getTime() - ATTEMPT_RETENTION_MS));
  } catch (error) {
    // Housekeeping: a failure here must not fail the sign-in; the next prune catches up.
    logger.warn({ err: error }, "pruning old sign-in attempts failed");
  }
}
