import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { deleteSignInAttemptsBefore, recordSignInAttempt } from "@/db/queries/sign-in";
import { DEMO_PASSWORD } from "@/db/seed-data";
import { auditLog, loginAttempts, users } from "@/db/schema";
import { authorizeCredentials, type SignInMeta } from "@/lib/sign-in-throttle";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
// A day after the seed, so nothing seeded falls in the throttle's window.
const T0 = new Date(SEED_NOW.getTime() + 24 * 60 * MINUTE);

function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

function from(ip: string): SignInMeta {
  return { ip, userAgent: "vitest" };
}

async function attemptRows(db: Database, email: string) {
  return db
    .select({ ip: loginAttempts.ip, succeeded: loginAttempts.succeeded, at: loginAttempts.at })
    .from(loginAttempts)
    .where(eq(loginAttempts.email, email))
    .orderBy(loginAttempts.at);
}

async function auditRows(db: Database, email: string, action?: string) {
  return db
    .select({
      action: auditLog.action,
      actorEmail: auditLog.actorEmail,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      companyId: auditLog.companyId,
      ip: sql<string | null>`host(${auditLog.ip})`,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .where(and(eq(auditLog.actorEmail, email), action ? eq(auditLog.action, action) : undefined))
    .orderBy(auditLog.at);
}

async function userRow(db: Database, email: string) {
  const [user] = await db
    .select({ id: users.id, companyId: users.companyId, lastSignInAt: users.lastSignInAt })
    .from(users)
    .where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

describe.each(engines)("sign-in throttling on %s", (engine) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
  });

  afterAll(async () => {
    await database?.close();
  });

  async function signIn(email: string, password: string, meta: SignInMeta, now: Date) {
    return authorizeCredentials(db, { email, password }, meta, now);
  }

  it("five wrong passwords lock the account: the right one is refused until the backoff passes, then works and resets the count", async () => {
    const email = "olivia@acme.example.com";
    const meta = from("203.0.113.10");
    const before = await userRow(db, email);

    for (let index = 0; index < 5; index++) {
      expect(await signIn(email, `wrong-${index}`, meta, at(index * SECOND))).toBeNull();
    }
    // the fifth failure (at +4 s) locks the account until +34 s
    expect(await signIn(email, DEMO_PASSWORD, meta, at(6 * SECOND))).toBeNull();
    expect(await signIn(email, DEMO_PASSWORD, meta, at(33 * SECOND))).toBeNull();
    expect((await userRow(db, email)).lastSignInAt).toEqual(before.lastSignInAt);
    // refused attempts leave no row and no audit entry: five checked failures, five audited
    const afterLock = await attemptRows(db, email);
    expect(afterLock).toHaveLength(5);
    expect(afterLock.every((row) => !row.succeeded && row.ip === "203.0.113.10")).toBe(true);
    expect(await auditRows(db, email, "auth.sign_in_failed")).toHaveLength(5);
    expect(await auditRows(db, email, "auth.sign_in")).toHaveLength(0);

    // +34 s: the backoff has passed (the refused attempts did not lengthen it)
    const user = await signIn(email, DEMO_PASSWORD, meta, at(34 * SECOND));
    expect(user).toEqual({ id: before.id, email, name: "Olivia Chen", role: "client", companyId: before.companyId });
    expect((await userRow(db, email)).lastSignInAt).toEqual(at(34 * SECOND));
    expect((await attemptRows(db, email)).at(-1)).toMatchObject({ succeeded: true });

    // the success reset the count: four more failures and the right password still works
    for (let index = 0; index < 4; index++) {
      expect(await signIn(email, `wrong-again-${index}`, meta, at((40 + index) * SECOND))).toBeNull();
    }
    expect(await signIn(email, DEMO_PASSWORD, meta, at(45 * SECOND))).not.toBeNull();
  });

  it("a locked account answers exactly like an unknown email, and an unknown email is throttled too", async () => {
    const real = "daniel@copperleaf.example.com";
    const unknown = "nobody-here@copperleaf.example.com";
    const meta = from("203.0.113.20");
    for (let index = 0; index < 5; index++) {
      await signIn(real, `wrong-${index}`, meta, at(index * SECOND));
      await signIn(unknown, `wrong-${index}`, meta, at(index * SECOND));
    }
    const lockedRight = await signIn(real, DEMO_PASSWORD, meta, at(10 * SECOND));
    const lockedWrong = await signIn(real, "wrong-again", meta, at(10 * SECOND));
    const unknownAnswer = await signIn("never-seen@copperleaf.example.com", "anything-at-all", meta, at(10 * SECOND));
    const unknownLocked = await signIn(unknown, "anything-at-all", meta, at(10 * SECOND));
    const answers = [lockedRight, lockedWrong, unknownAnswer, unknownLocked].map((answer) => JSON.stringify(answer));
    expect(new Set(answers)).toEqual(new Set(["null"]));

    // the unknown email was locked like the real one: one lockout each, after the fifth failure
    const realLockout = await auditRows(db, real, "auth.lockout");
    const unknownLockout = await auditRows(db, unknown, "auth.lockout");
    expect(realLockout).toHaveLength(1);
    expect(unknownLockout).toHaveLength(1);
    expect(unknownLockout[0]).toMatchObject({ targetType: "user", targetId: null, companyId: null });
    expect(unknownLockout[0]?.changes).toEqual({ email: unknown, ip: "203.0.113.20", scope: "account", until: at(34 * SECOND).toISOString(), failures: 5 });
  });

  it("a lockout is audited once when it starts, not on each refused attempt", async () => {
    const email = "grace@brightside.example.com";
    const meta = from("203.0.113.30");
    const { id, companyId } = await userRow(db, email);
    for (let index = 0; index < 5; index++) await signIn(email, `wrong-${index}`, meta, at(index * SECOND));
    for (let index = 0; index < 4; index++) await signIn(email, `hammer-${index}`, meta, at((10 + index) * SECOND));

    const lockouts = await auditRows(db, email, "auth.lockout");
    expect(lockouts).toEqual([
      {
        action: "auth.lockout",
        actorEmail: email,
        targetType: "user",
        targetId: id,
        companyId,
        ip: "203.0.113.30",
        changes: { email, ip: "203.0.113.30", scope: "account", until: at(34 * SECOND).toISOString(), failures: 5 },
      },
    ]);
    expect(await auditRows(db, email, "auth.sign_in_failed")).toHaveLength(5);

    // after it ends, the next failure starts a new, doubled lockout: audited once more
    expect(await signIn(email, "wrong-after", meta, at(40 * SECOND))).toBeNull();
    expect(await signIn(email, DEMO_PASSWORD, meta, at(41 * SECOND))).toBeNull();
    const second = await auditRows(db, email, "auth.lockout");
    expect(second).toHaveLength(2);
    expect(second[1]?.changes).toMatchObject({ scope: "account", until: at(100 * SECOND).toISOString(), failures: 6 });
    expect(await signIn(email, DEMO_PASSWORD, meta, at(100 * SECOND))).not.toBeNull();
  });

  it("the per-IP limit trips across different emails, and only for that IP", async () => {
    const ip = "198.51.100.7";
    for (let index = 0; index < 20; index++) {
      expect(await signIn(`spray-${index}@example.org`, "Password1!", from(ip), at(index * SECOND))).toBeNull();
    }
    // no account reached its limit, but the address did: even the right password is refused
    const email = "noah@driftwood.example.com";
    expect(await signIn(email, DEMO_PASSWORD, from(ip), at(21 * SECOND))).toBeNull();
    expect(await attemptRows(db, email)).toEqual([]);
    // from another address the same account signs in
    expect(await signIn(email, DEMO_PASSWORD, from("198.51.100.8"), at(22 * SECOND))).not.toBeNull();
    // and once the backoff has passed, from this one too
    expect(await signIn(email, DEMO_PASSWORD, from(ip), at(49 * SECOND))).not.toBeNull();

    const lockouts = await db
      .select({ targetType: auditLog.targetType, targetId: auditLog.targetId, actorEmail: auditLog.actorEmail, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.lockout"), eq(auditLog.targetId, ip)));
    expect(lockouts).toEqual([
      {
        targetType: "ip",
        targetId: ip,
        actorEmail: "spray-19@example.org",
        changes: { email: "spray-19@example.org", ip, scope: "ip", until: at(49 * SECOND).toISOString(), failures: 20 },
      },
    ]);
  });

  it("addresses in one IPv6 /64 share a limit", async () => {
    for (let index = 0; index < 20; index++) {
      await signIn(`v6-spray-${index}@example.org`, "Password1!", from(`2001:db8:7:7::${(index + 1).toString(16)}`), at(index * SECOND));
    }
    const email = "isla@driftwood.example.com";
    expect(await signIn(email, DEMO_PASSWORD, from("2001:db8:7:7:ffff::1"), at(21 * SECOND))).toBeNull();
    expect(await signIn(email, DEMO_PASSWORD, from("2001:db8:7:8::1"), at(22 * SECOND))).not.toBeNull();
    const rows = await attemptRows(db, "v6-spray-0@example.org");
    expect(rows.map((row) => row.ip)).toEqual(["2001:db8:7:7::/64"]);
  });

  it("a burst of simultaneous attempts cannot slip past the limit", async () => {
    const email = "ruth@evergreen.example.com";
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => signIn(email, `burst-${index}`, from(`192.0.2.${index + 1}`), at(0))),
    );
    expect(answers.every((answer) => answer === null)).toBe(true);
    // Every attempt is recorded before it is decided, so attempts in flight count each
    // other: at most five are checked (on a truly parallel server often none are).
    const checked = await auditRows(db, email, "auth.sign_in_failed");
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(await attemptRows(db, email)).toHaveLength(checked.length);
    // and the burst left no way around the limit: five checked failures in all, then locked
    for (let index = 0; index < 6; index++) {
      expect(await signIn(email, `after-burst-${index}`, from("192.0.2.100"), at((1 + index) * SECOND))).toBeNull();
    }
    expect(await auditRows(db, email, "auth.sign_in_failed")).toHaveLength(5);
    expect((await auditRows(db, email, "auth.lockout")).length).toBeGreaterThanOrEqual(1);
    expect(await signIn(email, DEMO_PASSWORD, from("192.0.2.100"), at(8 * SECOND))).toBeNull();
  });

  it("an attempt without a usable address is limited per account only", async () => {
    for (let index = 0; index < 25; index++) {
      await signIn(`no-address-${index}@example.org`, "Password1!", { ip: null, userAgent: null }, at(index * SECOND));
    }
    const email = "zoe@foxglove.example.com";
    expect(await signIn(email, DEMO_PASSWORD, { ip: null, userAgent: null }, at(30 * SECOND))).not.toBeNull();
    expect((await attemptRows(db, email)).map((row) => row.ip)).toEqual(["unknown"]);
  });

  it("invalid input is refused before anything is recorded", async () => {
    const before = await db.$count(loginAttempts);
    expect(await authorizeCredentials(db, { email: "not-an-email", password: "x" }, from("203.0.113.40"), at(0))).toBeNull();
    expect(await authorizeCredentials(db, { email: "a@example.org" }, from("203.0.113.40"), at(0))).toBeNull();
    expect(await db.$count(loginAttempts)).toBe(before);
  });

  it("pruning deletes attempts older than the cutoff and keeps the rest", async () => {
    const email = "prune-me@example.org";
    await recordSignInAttempt(db, { email, ip: "203.0.113.50", succeeded: false, at: at(-25 * 60 * MINUTE) });
    await recordSignInAttempt(db, { email, ip: "203.0.113.50", succeeded: false, at: at(-23 * 60 * MINUTE) });
    const deleted = await deleteSignInAttemptsBefore(db, at(-24 * 60 * MINUTE));
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await attemptRows(db, email);
    expect(left.map((row) => row.at)).toEqual([at(-23 * 60 * MINUTE)]);
  });
});
