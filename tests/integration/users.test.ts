// User management (issue 3, items 1–3): the users commands, the set-password link flow and
// the list query, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomBytes } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createUser,
  deactivateUser,
  reactivateUser,
  resetUserPassword,
  updateUser,
} from "@/app/(admin)/admin/users/commands";
import type { PasswordLinkResult } from "@/app/(admin)/admin/users/schema";
import { setPasswordWithLink } from "@/app/(auth)/set-password/[token]/commands";
import { LINK_EXPIRED, LINK_INVALID } from "@/app/(auth)/set-password/[token]/schema";
import { listUsers, USERS_PAGE_SIZE, type UserReach } from "@/db/queries/users";
import { auditLog, notifications, sessions, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import type { ActionResult } from "@/lib/action";
import type { Viewer } from "@/lib/authz";
import { hashPassword, verifyPassword } from "@/lib/password";
import { inspectPasswordLink, issuePasswordLink } from "@/lib/password-links";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ORIGIN = "http://nexus.test:3000";
const LINK_PREFIX = `${ORIGIN}/set-password/`;
const STRONG_PASSWORD = "lantern-orbit-quiet-42";

const ACME = stableId("company:acme");
const BRIGHTSIDE = stableId("company:brightside");
const COPPERLEAF = stableId("company:copperleaf");
const FOXGLOVE = stableId("company:foxglove");

let sequence = 0;
/** An email no other test uses. */
const uniqueEmail = (label: string) => `${label}-${++sequence}-${randomBytes(3).toString("hex")}@users-test.example.com`;

function linkOf(result: ActionResult<PasswordLinkResult>): PasswordLinkResult {
  if (!result.ok || !result.data) throw new Error(`expected a link, got ${JSON.stringify(result)}`);
  return result.data;
}
const tokenOf = (link: PasswordLinkResult) => link.url.slice(LINK_PREFIX.length);

describe.each(engines)("user management on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];
  let admin: Viewer;
  let sam: Viewer;
  let priya: Viewer;
  let olivia: Viewer;
  const publicContext = () => ({ db, meta: { ip: "127.0.0.1", userAgent: "vitest" } });

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
    [admin, sam, priya, olivia] = await Promise.all(
      ["admin@nexus.example.com", "sam@nexus.example.com", "priya@nexus.example.com", "olivia@acme.example.com"].map(
        (email) => viewerFor(db, email),
      ),
    ) as [Viewer, Viewer, Viewer, Viewer];
  });
  afterAll(async () => {
    await database?.close();
  });

  async function userById(id: string) {
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  }
  async function userByEmail(email: string) {
    const [row] = await db.select().from(users).where(eq(users.email, email));
    return row;
  }
  async function auditFor(targetId: string) {
    return db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.at);
  }
  /** Rows that matter to "nothing was written": users, audit entries, links and sessions. */
  async function totals() {
    const [row] = await db.execute<{ users: number; audit: number; links: number; sessions: number }>(sql`
      SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM audit_log) AS audit,
             (SELECT count(*)::int FROM verification_tokens) AS links, (SELECT count(*)::int FROM sessions) AS sessions
    `);
    return row;
  }
  async function sessionsOf(userId: string) {
    const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
    return row?.n ?? 0;
  }
  async function openSession(userId: string) {
    await db.insert(sessions).values({
      sessionToken: randomBytes(24).toString("base64url"),
      userId,
      expires: new Date(Date.now() + 60 * 60 * 1000),
    });
  }
  /** A user made by the admin for one test. */
  async function makeClient(companyId = ACME, label = "client") {
    const email = uniqueEmail(label);
    const link = linkOf(
      await createUser(contextFor(db, admin), { name: `Test ${label}`, email, role: "client", companyId, origin: ORIGIN }),
    );
    return { id: link.userId, email, link };
  }

  describe("create", () => {
    it("lets an admin create a client user with an invitation link, audited without secrets", async () => {
      const email = uniqueEmail("new-client");
      const result = await createUser(contextFor(db, admin), {
        name: "  Nia Client ",
        email: email.toUpperCase(),
        role: "client",
        companyId: ACME,
        origin: ORIGIN,
      });
      const link = linkOf(result);
      expect(result).toMatchObject({ ok: true, message: "Nia Client was created." });
      expect(link.url.startsWith(LINK_PREFIX)).toBe(true);
      expect(link.emailed).toBe(false);
      expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 60 * 60 * 1000);

      const row = await userById(link.userId);
      expect(row).toMatchObject({ name: "Nia Client", email, role: "client", companyId: ACME, active: true, passwordHash: null });
      expect(await inspectPasswordLink(db, tokenOf(link))).toEqual({ state: "valid", userId: link.userId });

      const [entry, ...more] = await auditFor(link.userId);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        action: "user.create",
        actorId: admin.id,
        actorEmail: admin.email,
        targetType: "user",
        targetId: link.userId,
        companyId: ACME,
        changes: {
          name: { from: null, to: "Nia Client" },
          email: { from: null, to: email },
          role: { from: null, to: "client" },
          companyId: { from: null, to: ACME },
          active: { from: null, to: true },
        },
      });
      const secret = tokenOf(link).split(".")[1] ?? "missing";
      const json = JSON.stringify(entry);
      expect(json).not.toContain(secret);
      expect(json).not.toContain("set-password");
      expect(json).not.toMatch(/password|hash|token/i);
    });

    it("lets an admin create a staff user, who gets no company", async () => {
      const email = uniqueEmail("new-se");
      const link = linkOf(
        await createUser(contextFor(db, admin), { name: "Sid Staff", email, role: "se", companyId: ACME, origin: ORIGIN }),
      );
      expect(await userById(link.userId)).toMatchObject({ role: "se", companyId: null, passwordHash: null });
      const [entry] = await auditFor(link.userId);
      expect(entry).toMatchObject({ action: "user.create", actorId: admin.id, companyId: null });
      expect(await inspectPasswordLink(db, tokenOf(link))).toMatchObject({ state: "valid" });
    });

    it("lets an SE create a client user in their own company", async () => {
      const email = uniqueEmail("se-made");
      const result = await createUser(contextFor(db, sam), {
        name: "Sam's Client",
        email,
        role: "client",
        companyId: BRIGHTSIDE,
        origin: ORIGIN,
      });
      const link = linkOf(result);
      expect(await userById(link.userId)).toMatchObject({ role: "client", companyId: BRIGHTSIDE });
      expect((await auditFor(link.userId))[0]).toMatchObject({ action: "user.create", actorId: sam.id, companyId: BRIGHTSIDE });
    });

    it("refuses an SE creating a staff user, and writes nothing", async () => {
      const before = await totals();
      for (const role of ["admin", "se"]) {
        const email = uniqueEmail(`se-${role}`);
        const result = await createUser(contextFor(db, sam), { name: "Nope", email, role, companyId: "", origin: ORIGIN });
        expect(result).toMatchObject({ ok: false, status: 403 });
        expect(await userByEmail(email)).toBeUndefined();
      }
      expect(await totals()).toEqual(before);
    });

    it("refuses an SE creating a client in another SE's company (forged id), and writes nothing", async () => {
      const before = await totals();
      const email = uniqueEmail("forged");
      const result = await createUser(contextFor(db, sam), {
        name: "Forged",
        email,
        role: "client",
        companyId: COPPERLEAF,
        origin: ORIGIN,
      });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await userByEmail(email)).toBeUndefined();
      expect(await totals()).toEqual(before);
    });

    it("answers a duplicate email (any case) with a field error on email", async () => {
      const before = await totals();
      const result = await createUser(contextFor(db, admin), {
        name: "Olivia Again",
        email: "OLIVIA@acme.example.com",
        role: "client",
        companyId: ACME,
        origin: ORIGIN,
      });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: ["A user with this email already exists."] } });
      expect(await totals()).toEqual(before);
    });

    it("answers a client without a company, and a bad email, with field errors", async () => {
      const result = await createUser(contextFor(db, admin), { name: "", email: "not-an-email", role: "client", origin: ORIGIN });
      expect(result).toMatchObject({ ok: false, status: 400 });
      if (result.ok) return;
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["companyId", "email", "name"]);
    });
  });

  describe("edit", () => {
    it("lets an SE rename a client of their own company, audited with from and to", async () => {
      const { id } = await makeClient(ACME, "rename");
      const row = await userById(id);
      const result = await updateUser(contextFor(db, sam), {
        userId: id,
        name: "Renamed Person",
        email: row?.email ?? "",
        role: "client",
        companyId: ACME,
      });
      expect(result).toMatchObject({ ok: true });
      expect(await userById(id)).toMatchObject({ name: "Renamed Person" });
      const entries = await auditFor(id);
      expect(entries.at(-1)).toMatchObject({
        action: "user.update",
        actorId: sam.id,
        companyId: ACME,
        changes: { name: { from: "Test rename", to: "Renamed Person" } },
      });
    });

    it("refuses an SE editing a user of another company, and changes nothing", async () => {
      const daniel = await userByEmail("daniel@copperleaf.example.com");
      if (!daniel) throw new Error("seed has no daniel");
      const before = await totals();
      const result = await updateUser(contextFor(db, sam), {
        userId: daniel.id,
        name: "Hijacked",
        email: daniel.email,
        role: "client",
        companyId: ACME,
      });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await userById(daniel.id)).toEqual(daniel);
      expect(await totals()).toEqual(before);
    });

    it("refuses an SE moving their own user to a company that is not theirs, and changes nothing", async () => {
      const { id } = await makeClient(ACME, "mover");
      const row = await userById(id);
      const before = await totals();
      const result = await updateUser(contextFor(db, sam), {
        userId: id,
        name: row?.name ?? "",
        email: row?.email ?? "",
        role: "client",
        companyId: FOXGLOVE,
      });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await userById(id)).toEqual(row);
      expect(await totals()).toEqual(before);
    });

    it("refuses an SE giving their own user a staff role, and changes nothing", async () => {
      const { id } = await makeClient(ACME, "promote");
      const row = await userById(id);
      const before = await totals();
      const result = await updateUser(contextFor(db, sam), {
        userId: id,
        name: row?.name ?? "",
        email: row?.email ?? "",
        role: "admin",
      });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await userById(id)).toEqual(row);
      expect(await totals()).toEqual(before);
    });

    it("refuses an SE editing a staff user", async () => {
      const before = await totals();
      const result = await updateUser(contextFor(db, sam), {
        userId: priya.id,
        name: "Renamed SE",
        email: priya.email,
        role: "se",
      });
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await totals()).toEqual(before);
    });

    it("ends every session of a user whose role changes", async () => {
      const { id, email } = await makeClient(ACME, "role-change");
      await openSession(id);
      await openSession(id);
      const result = await updateUser(contextFor(db, admin), { userId: id, name: "Now Staff", email, role: "se" });
      expect(result).toMatchObject({ ok: true });
      expect(await userById(id)).toMatchObject({ role: "se", companyId: null, name: "Now Staff" });
      expect(await sessionsOf(id)).toBe(0);
      expect((await auditFor(id)).at(-1)).toMatchObject({
        action: "user.update",
        actorId: admin.id,
        changes: {
          name: { from: "Test role-change", to: "Now Staff" },
          role: { from: "client", to: "se" },
          companyId: { from: ACME, to: null },
        },
      });
    });

    it("keeps sessions when only the name changes", async () => {
      const { id, email } = await makeClient(ACME, "keep-sessions");
      await openSession(id);
      const result = await updateUser(contextFor(db, admin), { userId: id, name: "Same Place", email, role: "client", companyId: ACME });
      expect(result).toMatchObject({ ok: true });
      expect(await sessionsOf(id)).toBe(1);
    });

    it("answers an email taken by someone else with a field error", async () => {
      const { id } = await makeClient(ACME, "dup-edit");
      const row = await userById(id);
      const result = await updateUser(contextFor(db, admin), {
        userId: id,
        name: "Dup",
        email: "Marcus@Acme.example.com",
        role: "client",
        companyId: ACME,
      });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: ["A user with this email already exists."] } });
      expect(await userById(id)).toEqual(row);
    });
  });

  describe("deactivate, reactivate, reset password", () => {
    it("deactivation ends every session, and reactivation lets the user back", async () => {
      const { id } = await makeClient(BRIGHTSIDE, "deactivate");
      await openSession(id);
      expect(await sessionsOf(id)).toBe(1);

      expect(await deactivateUser(contextFor(db, sam), { userId: id })).toMatchObject({ ok: true });
      expect(await userById(id)).toMatchObject({ active: false });
      expect(await sessionsOf(id)).toBe(0);
      expect((await auditFor(id)).at(-1)).toMatchObject({
        action: "user.deactivate",
        actorId: sam.id,
        companyId: BRIGHTSIDE,
        changes: { active: { from: true, to: false } },
      });

      expect(await reactivateUser(contextFor(db, sam), { userId: id })).toMatchObject({ ok: true });
      expect(await userById(id)).toMatchObject({ active: true });
      expect((await auditFor(id)).at(-1)).toMatchObject({
        action: "user.reactivate",
        actorId: sam.id,
        changes: { active: { from: false, to: true } },
      });
    });

    it("refuses deactivating yourself", async () => {
      const before = await totals();
      const result = await deactivateUser(contextFor(db, admin), { userId: admin.id });
      expect(result).toMatchObject({ ok: false, status: 400 });
      expect(await userById(admin.id)).toMatchObject({ active: true });
      expect(await totals()).toEqual(before);
    });

    it("refuses an SE deactivating a user of another company, and changes nothing", async () => {
      const { id } = await makeClient(COPPERLEAF, "not-sams");
      await openSession(id);
      const before = await totals();
      expect(await deactivateUser(contextFor(db, sam), { userId: id })).toMatchObject({ ok: false, status: 403 });
      expect(await resetUserPassword(contextFor(db, sam), { userId: id, origin: ORIGIN })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(await userById(id)).toMatchObject({ active: true });
      expect(await totals()).toEqual(before);
    });

    it("answers a user id that does not exist like one out of reach", async () => {
      const result = await deactivateUser(contextFor(db, admin), { userId: "00000000-0000-0000-0000-000000000000" });
      expect(result).toMatchObject({ ok: false, status: 403 });
    });

    it("reset password clears the hash, ends the sessions and issues a 24-hour link", async () => {
      const { id } = await makeClient(ACME, "reset");
      await db.update(users).set({ passwordHash: await hashPassword(STRONG_PASSWORD) }).where(eq(users.id, id));
      await openSession(id);

      const result = await resetUserPassword(contextFor(db, admin), { userId: id, origin: ORIGIN });
      const link = linkOf(result);
      expect(link.url.startsWith(LINK_PREFIX)).toBe(true);
      const hoursLeft = (new Date(link.expiresAt).getTime() - Date.now()) / (60 * 60 * 1000);
      expect(hoursLeft).toBeGreaterThan(23.9);
      expect(hoursLeft).toBeLessThanOrEqual(24);
      expect(await userById(id)).toMatchObject({ passwordHash: null });
      expect(await sessionsOf(id)).toBe(0);
      expect(await inspectPasswordLink(db, tokenOf(link))).toEqual({ state: "valid", userId: id });

      const entry = (await auditFor(id)).at(-1);
      expect(entry).toMatchObject({ action: "user.password_reset", actorId: admin.id, companyId: ACME });
      expect(JSON.stringify(entry)).not.toContain(tokenOf(link).split(".")[1] ?? "missing");
      expect(JSON.stringify(entry)).not.toContain("argon2");
    });

    it("tells the user when the agency resets their password or edits their account", async () => {
      const { id, email } = await makeClient(ACME, "told");
      await resetUserPassword(contextFor(db, admin), { userId: id, origin: ORIGIN });
      await updateUser(contextFor(db, admin), { userId: id, name: "Renamed By Admin", email, role: "client", companyId: ACME });
      const rows = await db
        .select({ type: notifications.type, title: notifications.title, link: notifications.link })
        .from(notifications)
        .where(eq(notifications.userId, id));
      expect(rows).toEqual(
        expect.arrayContaining([
          { type: "account_changed", title: "Your password was reset", link: "/settings" },
          { type: "account_changed", title: "Your account was updated", link: "/settings" },
        ]),
      );
      expect(rows).toHaveLength(2);
    });

    it("replaces the invitation link when the password is reset", async () => {
      const { id, link: invitation } = await makeClient(ACME, "replaced");
      linkOf(await resetUserPassword(contextFor(db, admin), { userId: id, origin: ORIGIN }));
      expect(await inspectPasswordLink(db, tokenOf(invitation))).toEqual({ state: "invalid" });
    });

    it("refuses a client calling every users command, and writes nothing", async () => {
      const { id, email } = await makeClient(ACME, "target");
      const before = await totals();
      const context = contextFor(db, olivia);
      const results = await Promise.all([
        createUser(context, { name: "X", email: uniqueEmail("by-client"), role: "client", companyId: ACME, origin: ORIGIN }),
        updateUser(context, { userId: id, name: "X", email, role: "client", companyId: ACME }),
        deactivateUser(context, { userId: id }),
        reactivateUser(context, { userId: id }),
        resetUserPassword(context, { userId: id, origin: ORIGIN }),
      ]);
      for (const result of results) expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await totals()).toEqual(before);
    });

    it("answers a signed-out caller with 401", async () => {
      const result = await deactivateUser(contextFor(db, null), { userId: olivia.id });
      expect(result).toMatchObject({ ok: false, status: 401 });
    });
  });

  describe("set password through a one-time link", () => {
    it("sets the password once, ends sessions, audits with the user as actor; a second use is refused", async () => {
      const { id, link } = await makeClient(ACME, "set-password");
      await openSession(id);
      const token = tokenOf(link);

      const result = await setPasswordWithLink(publicContext(), {
        token,
        password: STRONG_PASSWORD,
        confirmPassword: STRONG_PASSWORD,
      });
      expect(result).toEqual({ ok: true, message: "Your password is set." });
      const row = await userById(id);
      expect(await verifyPassword(row?.passwordHash ?? null, STRONG_PASSWORD)).toBe(true);
      expect(await sessionsOf(id)).toBe(0);
      const entry = (await auditFor(id)).at(-1);
      expect(entry).toMatchObject({ action: "user.password_set", actorId: id, targetId: id, companyId: ACME });
      expect(JSON.stringify(entry)).not.toContain(STRONG_PASSWORD);
      expect(JSON.stringify(entry)).not.toContain(token.split(".")[1] ?? "missing");

      const again = await setPasswordWithLink(publicContext(), {
        token,
        password: "another-strong-passphrase",
        confirmPassword: "another-strong-passphrase",
      });
      expect(again).toMatchObject({ ok: false, status: 400, error: LINK_INVALID });
      expect((await userById(id))?.passwordHash).toBe(row?.passwordHash);
      expect(await inspectPasswordLink(db, token)).toEqual({ state: "invalid" });
    });

    it("refuses an expired link and sets nothing", async () => {
      const { id } = await makeClient(ACME, "expired");
      const issued = await issuePasswordLink(db, {
        userId: id,
        purpose: "reset",
        now: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000),
      });
      const token = issued.path.slice("/set-password/".length);
      expect(await inspectPasswordLink(db, token)).toEqual({ state: "expired" });
      const result = await setPasswordWithLink(publicContext(), {
        token,
        password: STRONG_PASSWORD,
        confirmPassword: STRONG_PASSWORD,
      });
      expect(result).toMatchObject({ ok: false, status: 400, error: LINK_EXPIRED });
      expect((await userById(id))?.passwordHash).toBeNull();
      expect((await auditFor(id)).filter((entry) => entry.action === "user.password_set")).toEqual([]);
    });

    it("answers a common password and a mismatch with field errors, leaving the link usable", async () => {
      const { id, link } = await makeClient(ACME, "weak");
      const token = tokenOf(link);

      const common = await setPasswordWithLink(publicContext(), {
        token,
        password: "password123",
        confirmPassword: "password123",
      });
      expect(common).toMatchObject({ ok: false, status: 400 });
      expect(common.ok ? {} : common.fieldErrors).toHaveProperty("password");

      const mismatch = await setPasswordWithLink(publicContext(), {
        token,
        password: STRONG_PASSWORD,
        confirmPassword: `${STRONG_PASSWORD}!`,
      });
      expect(mismatch).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { confirmPassword: ["The two passwords do not match."] },
      });

      expect((await userById(id))?.passwordHash).toBeNull();
      expect(await inspectPasswordLink(db, token)).toEqual({ state: "valid", userId: id });
    });

    it("refuses the link of a deactivated user", async () => {
      const { id, link } = await makeClient(ACME, "inactive-link");
      expect(await deactivateUser(contextFor(db, admin), { userId: id })).toMatchObject({ ok: true });
      const result = await setPasswordWithLink(publicContext(), {
        token: tokenOf(link),
        password: STRONG_PASSWORD,
        confirmPassword: STRONG_PASSWORD,
      });
      expect(result).toMatchObject({ ok: false, error: LINK_INVALID });
      expect((await userById(id))?.passwordHash).toBeNull();
    });

    it("refuses a made-up token", async () => {
      const result = await setPasswordWithLink(publicContext(), {
        token: `${olivia.id}.${"A".repeat(43)}`,
        password: STRONG_PASSWORD,
        confirmPassword: STRONG_PASSWORD,
      });
      expect(result).toMatchObject({ ok: false, error: LINK_INVALID });
    });
  });

  describe("the list", () => {
    const adminReach: UserReach = { scope: { kind: "all" }, includeStaff: true };

    beforeAll(async () => {
      // 60 more users, spread over every company, so there are several pages.
      const companyIds = [ACME, BRIGHTSIDE, COPPERLEAF, FOXGLOVE];
      await db.insert(users).values(
        Array.from({ length: 60 }, (_, index) => ({
          name: `Paging Person ${String(index).padStart(2, "0")}`,
          email: uniqueEmail("paging"),
          role: "client" as const,
          companyId: companyIds[index % companyIds.length] ?? ACME,
        })),
      );
    });

    it("searches names and emails, in any case", async () => {
      const byName = await listUsers(db, { reach: adminReach, filters: { q: "oLiViA" } });
      expect(byName.rows.map((row) => row.email)).toContain("olivia@acme.example.com");
      expect(byName.rows.every((row) => `${row.name} ${row.email}`.toLowerCase().includes("olivia"))).toBe(true);
      const byEmail = await listUsers(db, { reach: adminReach, filters: { q: "@COPPERLEAF." } });
      expect(byEmail.rows.map((row) => row.name)).toEqual(expect.arrayContaining(["Daniel Brooks", "Amara Nwosu"]));
      // pattern characters are literal
      expect((await listUsers(db, { reach: adminReach, filters: { q: "%" } })).rows).toEqual([]);
    });

    it("pages 25 at a time with a next page known from one extra row", async () => {
      const first = await listUsers(db, { reach: adminReach, filters: { page: 1 } });
      const second = await listUsers(db, { reach: adminReach, filters: { page: 2 } });
      expect(first.rows).toHaveLength(USERS_PAGE_SIZE);
      expect(first.hasNext).toBe(true);
      expect(second.rows.length).toBeGreaterThan(0);
      const firstIds = new Set(first.rows.map((row) => row.id));
      expect(second.rows.some((row) => firstIds.has(row.id))).toBe(false);
      // the same query twice gives the same page: the order is total
      expect((await listUsers(db, { reach: adminReach, filters: { page: 2 } })).rows).toEqual(second.rows);
    });

    it("filters by role, status and company", async () => {
      const staff = await listUsers(db, { reach: adminReach, filters: { role: "se" } });
      expect(staff.rows.length).toBeGreaterThanOrEqual(2);
      expect(staff.rows.every((row) => row.role === "se" && row.companyId === null)).toBe(true);
      const acme = await listUsers(db, { reach: adminReach, filters: { companyId: ACME, q: "Paging" } });
      expect(acme.rows.length).toBe(15);
      expect(acme.rows.every((row) => row.companyName === "Acme Logistics")).toBe(true);

      const { id } = await makeClient(BRIGHTSIDE, "filter-status");
      await deactivateUser(contextFor(db, admin), { userId: id });
      const deactivated = await listUsers(db, { reach: adminReach, filters: { status: "deactivated", companyId: BRIGHTSIDE } });
      expect(deactivated.rows.map((row) => row.id)).toContain(id);
      expect(deactivated.rows.every((row) => !row.active)).toBe(true);
      const active = await listUsers(db, { reach: adminReach, filters: { status: "active", companyId: BRIGHTSIDE } });
      expect(active.rows.map((row) => row.id)).not.toContain(id);
    });

    it("shows an SE only the client users of their own companies", async () => {
      const reach: UserReach = { scope: { kind: "companies", companyIds: sam.companyIds }, includeStaff: false };
      const seen: string[] = [];
      for (let page = 1; page < 20; page++) {
        const list = await listUsers(db, { reach, filters: { page } });
        for (const row of list.rows) {
          expect(row.role).toBe("client");
          expect(sam.companyIds).toContain(row.companyId);
          seen.push(row.id);
        }
        if (!list.hasNext) break;
      }
      const [expected] = await db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "client"), sql`${users.companyId} IN (${sql.join(sam.companyIds.map((companyId) => sql`${companyId}::uuid`), sql`, `)})`));
      expect(seen).toHaveLength(expected?.n ?? -1);
      expect(new Set(seen).size).toBe(seen.length);
      // another SE's company as a filter finds nothing, and so does a role filter for staff
      expect((await listUsers(db, { reach, filters: { companyId: COPPERLEAF } })).rows).toEqual([]);
      expect((await listUsers(db, { reach, filters: { role: "admin" } })).rows).toEqual([]);
      // an SE with no companies sees nobody
      expect((await listUsers(db, { reach: { scope: { kind: "companies", companyIds: [] }, includeStaff: false }, filters: {} })).rows).toEqual([]);
    });
  });
});
