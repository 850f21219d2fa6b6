// Own profile and password (PRODUCT.md §2 /admin/profile and /settings), for every role.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { changeOwnPassword, signOutOtherSessions, updateOwnProfile } from "@/app/(admin)/admin/profile/commands";
import { countOtherActiveSessions } from "@/db/queries/profile";
import { auditLog, sessions, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { hashPassword, verifyPassword } from "@/lib/password";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const OLD_PASSWORD = "old enough passphrase";
const NEW_PASSWORD = "a brand new passphrase";
// the test viewer's session (tests/support/context.ts)
const CURRENT_SESSION = "test-session";
const HOUR = 60 * 60 * 1000;

describe.each(engines)("own profile on %s", (engine) => {
  let database: TestDatabase;
  let oldHash: string;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    oldHash = await hashPassword(OLD_PASSWORD);
  });
  afterAll(async () => {
    await database?.close();
  });

  // Session tokens are unique across users: each test gives "test-session" to its own user.
  beforeEach(async () => {
    await database.db.delete(sessions).where(eq(sessions.sessionToken, CURRENT_SESSION));
  });

  /** A user of its own for one test, with this browser's session and two others. */
  async function arrangeUser(options: { role?: "client" | "se" } = {}) {
    const role = options.role ?? "client";
    const email = `profile-${randomUUID()}@example.com`;
    await database.db.insert(users).values({
      email,
      name: "Original Name",
      role,
      companyId: role === "client" ? stableId("company:acme") : null,
      passwordHash: oldHash,
    });
    const viewer = await viewerFor(database.db, email);
    const expires = new Date(Date.now() + HOUR);
    const others = [`other-a-${randomUUID()}`, `other-b-${randomUUID()}`];
    await database.db.insert(sessions).values([
      { sessionToken: CURRENT_SESSION, userId: viewer.id, expires },
      ...others.map((sessionToken) => ({ sessionToken, userId: viewer.id, expires })),
    ]);
    return { viewer, email, others };
  }

  async function sessionTokensOf(userId: string): Promise<string[]> {
    const rows = await database.db
      .select({ token: sessions.sessionToken })
      .from(sessions)
      .where(eq(sessions.userId, userId));
    return rows.map((row) => row.token).sort();
  }

  async function userRow(userId: string) {
    const [row] = await database.db
      .select({ name: users.name, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId));
    if (!row) throw new Error("user vanished");
    return row;
  }

  async function auditOf(userId: string) {
    return database.db
      .select({
        action: auditLog.action,
        actorId: auditLog.actorId,
        targetId: auditLog.targetId,
        companyId: auditLog.companyId,
        changes: auditLog.changes,
        text: sql<string>`to_jsonb(${auditLog})::text`,
      })
      .from(auditLog)
      .where(eq(auditLog.targetId, userId));
  }

  describe("name", () => {
    it("changes the viewer's own name, audited as profile.update with from/to", async () => {
      const { viewer } = await arrangeUser();
      const result = await updateOwnProfile(contextFor(database.db, viewer), { name: "  New Name  " });
      expect(result).toMatchObject({ ok: true });
      expect((await userRow(viewer.id)).name).toBe("New Name");
      expect(await auditOf(viewer.id)).toMatchObject([
        {
          action: "profile.update",
          actorId: viewer.id,
          companyId: stableId("company:acme"),
          changes: { name: { from: "Original Name", to: "New Name" } },
        },
      ]);
    });

    it("audits a staff member's change without a company, and writes nothing for an unchanged name", async () => {
      const { viewer } = await arrangeUser({ role: "se" });
      expect(await updateOwnProfile(contextFor(database.db, viewer), { name: "Original Name" })).toMatchObject({ ok: true });
      expect(await auditOf(viewer.id)).toEqual([]);
      expect(await updateOwnProfile(contextFor(database.db, viewer), { name: "Sam Two" })).toMatchObject({ ok: true });
      expect(await auditOf(viewer.id)).toMatchObject([{ action: "profile.update", companyId: null }]);
    });

    it("refuses an empty name with a field error, changing nothing", async () => {
      const { viewer } = await arrangeUser();
      const result = await updateOwnProfile(contextFor(database.db, viewer), { name: "   " });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { name: [expect.any(String)] } });
      expect((await userRow(viewer.id)).name).toBe("Original Name");
      expect(await auditOf(viewer.id)).toEqual([]);
    });

    it("only ever touches the viewer: an id in the input is ignored", async () => {
      const { viewer } = await arrangeUser();
      const other = stableId("user:daniel@copperleaf.example.com");
      const before = await userRow(other);
      const result = await updateOwnProfile(contextFor(database.db, viewer), { name: "Changed", id: other, userId: other });
      expect(result).toMatchObject({ ok: true });
      expect(await userRow(other)).toEqual(before);
      expect((await userRow(viewer.id)).name).toBe("Changed");
    });

    it("refuses a signed-out request with 401", async () => {
      expect(await updateOwnProfile(contextFor(database.db, null), { name: "Nobody" })).toMatchObject({
        ok: false,
        status: 401,
      });
    });
  });

  describe("password", () => {
    it("refuses a wrong current password with a field error on currentPassword, changing nothing", async () => {
      const { viewer, others } = await arrangeUser();
      const result = await changeOwnPassword(contextFor(database.db, viewer), {
        currentPassword: "not the password",
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { currentPassword: ["That is not your current password."] },
      });
      expect((await userRow(viewer.id)).passwordHash).toBe(oldHash);
      expect(await sessionTokensOf(viewer.id)).toEqual([CURRENT_SESSION, ...others].sort());
      expect(await auditOf(viewer.id)).toEqual([]);
    });

    it("refuses a common new password with a field error on newPassword", async () => {
      const { viewer } = await arrangeUser();
      const result = await changeOwnPassword(contextFor(database.db, viewer), {
        currentPassword: OLD_PASSWORD,
        newPassword: "password123",
        confirmPassword: "password123",
      });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { newPassword: [expect.stringMatching(/common/)] } });
      expect((await userRow(viewer.id)).passwordHash).toBe(oldHash);
      expect(await auditOf(viewer.id)).toEqual([]);
    });

    it("puts each mistake on its own field: short new password, mismatched confirmation", async () => {
      const { viewer } = await arrangeUser();
      const result = await changeOwnPassword(contextFor(database.db, viewer), {
        currentPassword: "",
        newPassword: "short",
        confirmPassword: "different",
      });
      if (result.ok) throw new Error("expected a refusal");
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["confirmPassword", "currentPassword", "newPassword"]);
      expect(result.fieldErrors?.confirmPassword).toEqual(["The two new passwords do not match."]);
      expect((await userRow(viewer.id)).passwordHash).toBe(oldHash);
    });

    it("refuses a new password equal to the current one", async () => {
      const { viewer } = await arrangeUser();
      const result = await changeOwnPassword(contextFor(database.db, viewer), {
        currentPassword: OLD_PASSWORD,
        newPassword: OLD_PASSWORD,
        confirmPassword: OLD_PASSWORD,
      });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { newPassword: [expect.any(String)] } });
      expect((await userRow(viewer.id)).passwordHash).toBe(oldHash);
    });

    it("changes the password, keeps this session, and ends the others", async () => {
      const { viewer } = await arrangeUser();
      // someone else's session is not touched
      const bystander = stableId("user:olivia@acme.example.com");
      const bystanderToken = `bystander-${randomUUID()}`;
      await database.db.insert(sessions).values({ sessionToken: bystanderToken, userId: bystander, expires: new Date(Date.now() + HOUR) });

      const result = await changeOwnPassword(contextFor(database.db, viewer), {
        currentPassword: OLD_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      expect(result).toMatchObject({ ok: true });

      const row = await userRow(viewer.id);
      expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
      expect(await verifyPassword(row.passwordHash, OLD_PASSWORD)).toBe(false);
      expect(await sessionTokensOf(viewer.id)).toEqual([CURRENT_SESSION]);
      expect(await sessionTokensOf(bystander)).toContain(bystanderToken);

      const entries = await auditOf(viewer.id);
      expect(entries).toMatchObject([
        {
          action: "profile.password_change",
          actorId: viewer.id,
          companyId: stableId("company:acme"),
          changes: { otherSessionsEnded: 2 },
        },
      ]);
      for (const entry of entries) {
        expect(entry.text).not.toContain(NEW_PASSWORD);
        expect(entry.text).not.toContain(OLD_PASSWORD);
        expect(entry.text).not.toContain("$argon2");
        expect(entry.text).not.toMatch(/"(password|password_?hash|current_?password|new_?password|confirm_?password)"/i);
        if (row.passwordHash) expect(entry.text).not.toContain(row.passwordHash);
        expect(entry.text).not.toContain(oldHash);
      }
    });
  });

  describe("other sessions", () => {
    it("counts the live sessions other than this one", async () => {
      const { viewer } = await arrangeUser();
      await database.db.insert(sessions).values({
        sessionToken: `expired-${randomUUID()}`,
        userId: viewer.id,
        expires: new Date(Date.now() - HOUR),
      });
      expect(await countOtherActiveSessions(database.db, { userId: viewer.id, currentSessionToken: CURRENT_SESSION })).toBe(2);
    });

    it("signs out of every other session only, audited as profile.sign_out_others", async () => {
      const { viewer } = await arrangeUser();
      const result = await signOutOtherSessions(contextFor(database.db, viewer), {});
      expect(result).toMatchObject({ ok: true });
      expect(await sessionTokensOf(viewer.id)).toEqual([CURRENT_SESSION]);
      expect((await userRow(viewer.id)).passwordHash).toBe(oldHash);
      const entries = await auditOf(viewer.id);
      expect(entries).toMatchObject([{ action: "profile.sign_out_others", changes: { otherSessionsEnded: 2 } }]);
      expect(entries[0]?.text).not.toContain("$argon2");
    });

    it("refuses a signed-out request with 401 and ends nothing", async () => {
      const { viewer, others } = await arrangeUser();
      expect(await signOutOtherSessions(contextFor(database.db, null), {})).toMatchObject({ ok: false, status: 401 });
      expect(await sessionTokensOf(viewer.id)).toEqual([CURRENT_SESSION, ...others].sort());
      const audits = await database.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.action, "profile.sign_out_others"), eq(auditLog.targetId, viewer.id)));
      expect(audits).toEqual([]);
    });
  });
});
