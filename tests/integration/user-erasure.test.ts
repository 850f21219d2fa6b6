// Erasing a person (issue 16, item 6) on both engines: an admin erases a deactivated
// user's personal data; history keeps its entries with an anonymous actor ("erased user
// #N"), the erasure is audited, and the audit log stays append-only for everything else.
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revealCredential } from "@/app/(admin)/admin/companies/[id]/credentials/commands";
import { updateOwnProfile } from "@/app/(admin)/admin/profile/commands";
import { deactivateUser, eraseUser, reactivateUser, resetUserPassword } from "@/app/(admin)/admin/users/commands";
import { listCredentialAccessLog } from "@/db/queries/credentials";
import { auditLog, companies, credentials, devMailbox, loginAttempts, notifications, sessions, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { seedCredentials, TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, SEED_NOW, type TestDatabase } from "../support/databases";

const ADMIN = "admin@nexus.example.com";
const MARCUS = "marcus@acme.example.com";
const PRIYA = "priya@nexus.example.com";

describe.each(engines)("erasing a person on %s", (engine) => {
  let database: TestDatabase;
  const previousKeys = process.env.CREDENTIAL_KEYS;
  beforeAll(async () => {
    process.env.CREDENTIAL_KEYS = TEST_ONLY_CREDENTIAL_KEYS;
    database = await createSeededDatabase(engine);
    await seedCredentials(database.db, { now: SEED_NOW, credentialKeys: TEST_ONLY_CREDENTIAL_KEYS });
  });
  afterAll(async () => {
    await database?.close();
    if (previousKeys === undefined) delete process.env.CREDENTIAL_KEYS;
    else process.env.CREDENTIAL_KEYS = previousKeys;
  });

  const as = async (email: string) => contextFor(database.db, await viewerFor(database.db, email));
  async function userByEmail(email: string) {
    const [row] = await database.db.select().from(users).where(eq(users.email, email));
    if (!row) throw new Error(`no user ${email}`);
    return row;
  }
  async function userById(id: string) {
    const [row] = await database.db.select().from(users).where(eq(users.id, id));
    if (!row) throw new Error(`no user ${id}`);
    return row;
  }
  /** Every audit entry as text, to look for a person's details anywhere in it. */
  async function auditText(): Promise<string> {
    const rows = await database.db.execute<{ text: string }>(sql`SELECT audit_log::text AS text FROM audit_log`);
    return rows.map((row) => row.text).join("\n");
  }
  const auditTotal = async () => (await database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

  it("erases a deactivated client: personal data gone, history kept with an anonymous actor, the erasure audited", async () => {
    const { db } = database;
    const marcus = await userByEmail(MARCUS);
    const name = marcus.name ?? "";
    expect(name).not.toBe("");
    // history with their details: a name change they made, a failed sign-in, mail, a notification
    expect(await updateOwnProfile(await as(MARCUS), { name: `${name} Jr` })).toMatchObject({ ok: true });
    await db.insert(auditLog).values({
      action: "auth.sign_in_failed",
      actorEmail: MARCUS,
      ip: "203.0.113.9",
      userAgent: "Firefox",
      changes: { email: MARCUS, ip: "203.0.113.9" },
    });
    await db.insert(loginAttempts).values({ email: MARCUS, ip: "203.0.113.9", succeeded: false });
    await db.insert(devMailbox).values({ to: MARCUS, subject: "Hello", text: "For Marcus" });
    await db.insert(notifications).values({ userId: marcus.id, companyId: marcus.companyId, type: "run_failed", title: "A run failed" });
    await db.insert(sessions).values({ sessionToken: `erasure-${engine}`, userId: marcus.id, expires: new Date(Date.now() + 3_600_000) });

    const admin = await as(ADMIN);
    // an active user cannot be erased: deactivating first is the deliberate step
    const before = await auditTotal();
    expect(await eraseUser(admin, { userId: marcus.id })).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/Deactivate/) });
    expect(await auditTotal()).toBe(before);
    expect(await deactivateUser(admin, { userId: marcus.id })).toMatchObject({ ok: true });
    const entriesBefore = await auditTotal();

    const result = await eraseUser(admin, { userId: marcus.id });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/erased user #\d+/) });
    const erased = await userById(marcus.id);
    const label = `erased user #${erased.erasureNumber}`;
    expect(erased).toMatchObject({ name: null, passwordHash: null, active: false, lastSignInAt: null });
    expect(erased.email).toBe(`erased-user-${erased.erasureNumber}@erased.invalid`);
    expect(erased.erasedAt).toBeInstanceOf(Date);

    // what they owned is gone
    expect(await db.select().from(sessions).where(eq(sessions.userId, marcus.id))).toEqual([]);
    expect(await db.select().from(notifications).where(eq(notifications.userId, marcus.id))).toEqual([]);
    expect(await db.select().from(loginAttempts).where(eq(loginAttempts.email, MARCUS))).toEqual([]);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.to, MARCUS))).toEqual([]);

    // every audit entry is still there (plus the erasure's own), naming them nowhere
    expect(await auditTotal()).toBe(entriesBefore + 1);
    const text = await auditText();
    expect(text).not.toContain(MARCUS);
    expect(text).not.toContain(name);
    expect(text).not.toContain("203.0.113.9");
    const theirs = await db.select().from(auditLog).where(eq(auditLog.actorId, marcus.id));
    expect(theirs.map((entry) => entry.action)).toContain("profile.update");
    for (const entry of theirs) expect(entry).toMatchObject({ actorEmail: label, ip: null, userAgent: null });
    const [signInFailure] = await db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed"));
    expect(signInFailure).toMatchObject({ actorEmail: label, ip: null, changes: { email: label, ip: label } });
    const [erasure] = await db.select().from(auditLog).where(and(eq(auditLog.action, "user.erase"), eq(auditLog.targetId, marcus.id)));
    expect(erasure).toMatchObject({
      actorEmail: ADMIN,
      companyId: marcus.companyId,
      changes: { erasureNumber: { from: null, to: erased.erasureNumber } },
    });

    // an erased account stays as it is
    for (const attempt of [
      await eraseUser(admin, { userId: marcus.id }),
      await reactivateUser(admin, { userId: marcus.id }),
      await resetUserPassword(admin, { userId: marcus.id, origin: "http://nexus.test" }),
    ]) {
      expect(attempt).toMatchObject({ ok: false, status: 400 });
    }
    expect(await userById(marcus.id)).toEqual(erased);
  });

  it("keeps a credential access log entry with an anonymous actor, and unassigns an erased SE", async () => {
    const { db } = database;
    const priya = await userByEmail(PRIYA);
    const assigned = await db.select({ id: companies.id }).from(companies).where(eq(companies.assignedSeId, priya.id));
    expect(assigned.length).toBeGreaterThan(0);
    const companyIds = assigned.map((company) => company.id);
    const [credential] = await db.select().from(credentials).where(inArray(credentials.companyId, companyIds)).limit(1);
    if (!credential) throw new Error("no credential of Priya's companies");
    expect(await revealCredential(await as(PRIYA), { credentialId: credential.id })).toMatchObject({ ok: true });

    const admin = await as(ADMIN);
    expect(await deactivateUser(admin, { userId: priya.id })).toMatchObject({ ok: true });
    expect(await eraseUser(admin, { userId: priya.id })).toMatchObject({ ok: true });
    const erased = await userById(priya.id);

    const log = await listCredentialAccessLog(db, { scope: { kind: "all" }, companyId: credential.companyId });
    const reveal = log.entries.find((entry) => entry.action === "credential.reveal");
    expect(reveal).toMatchObject({ actorName: null, actorEmail: `erased user #${erased.erasureNumber}`, actorRole: "se" });
    expect(await db.select().from(companies).where(eq(companies.assignedSeId, priya.id))).toEqual([]);
    expect(await auditText()).not.toContain(PRIYA);
  });

  it("lets only admins erase, and never a live account's history", async () => {
    const { db } = database;
    const olivia = await userByEmail("olivia@acme.example.com");
    const before = await auditTotal();
    expect(await eraseUser(await as("sam@nexus.example.com"), { userId: olivia.id })).toMatchObject({ ok: false, status: 403 });
    expect(await eraseUser(await as(ADMIN), { userId: stableId("user:nobody") })).toMatchObject({ ok: false, status: 403 });
    expect(await eraseUser(await as(ADMIN), { userId: "not-a-uuid" })).toMatchObject({ ok: false, status: 400 });
    const admin = await userByEmail(ADMIN);
    expect(await eraseUser(await as(ADMIN), { userId: admin.id })).toMatchObject({ ok: false, status: 400 });
    expect(await auditTotal()).toBe(before);
    expect(await userById(olivia.id)).toMatchObject({ email: olivia.email, name: olivia.name, erasedAt: null });

    // the redaction path refuses anyone not erased, and the log refuses any other change
    const failure = (promise: Promise<unknown>) => promise.then(() => "no error", (error: Error) => `${error.message} ${String(error.cause ?? "")}`);
    expect(await failure(db.execute(sql`SELECT erase_audit_personal_data(${olivia.id}::uuid, ${olivia.email}, ${olivia.name})`))).toMatch(/not erased/);
    expect(
      await failure(
        db.transaction(async (tx) => {
          await tx.execute(sql`SELECT set_config('nexus.audit_redaction', ${olivia.id}, true)`);
          await tx.execute(sql`UPDATE audit_log SET action = 'rewritten' WHERE action = 'user.erase'`);
        }),
      ),
    ).toMatch(/append-only/);
    expect(await failure(db.execute(sql`UPDATE audit_log SET actor_email = NULL`))).toMatch(/append-only/);
    expect(await failure(db.execute(sql`DELETE FROM audit_log WHERE action = 'user.erase'`))).toMatch(/append-only/);
  });
});
