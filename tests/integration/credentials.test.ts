// The credential vault (PRODUCT.md §7): a client adds, replaces, renames and deletes its
// own credentials; admins and the company's SE reveal one (audited, clients notified);
// everyone else is refused with nothing changed; secrets never reach the database in
// clear, the audit log or the page's data; key rotation moves every record.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revealCredential } from "@/app/(admin)/admin/companies/[id]/credentials/commands";
import { createCredential, deleteCredentialCommand, updateCredentialCommand } from "@/app/(client)/credentials/commands";
import { loadCredentialsPage } from "@/app/(client)/credentials/data";
import { listCredentials, reencryptCredentials } from "@/db/queries/credentials";
import { stableId } from "@/db/seed";
import { demoCredentials, demoCredentialSecret, demoCredentialSecrets, seedCredentials, TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { demoCompanies } from "@/db/seed-data";
import { scopeFor } from "@/lib/authz";
import { formatCredentialKey, parseCredentialKeys } from "@/lib/credential-keys";
import { createKeyRing, credentialAad, decryptWithRing, type KeyRing } from "@/lib/crypto";
import { contextFor, viewerFor } from "../support/context";
import { inboxOf } from "../support/notifications";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const NOW = new Date("2026-11-20T15:30:00Z");

// version 1 is the key the seeded template database was encrypted with
const KEY_V2 = randomBytes(32);
const KEYS_V1 = TEST_ONLY_CREDENTIAL_KEYS;
const KEYS_V1_V2 = `${KEYS_V1},${formatCredentialKey(2, KEY_V2)}`;

// Distinctive secrets: a random middle, and a tail (the hint) that no id or date contains.
const newSecret = (tail: string) => `sk_fake_itest_${randomBytes(12).toString("hex")}${tail}`;

type StoredCredential = {
  id: string;
  company_id: string;
  name: string;
  service: string;
  ciphertext: Buffer;
  nonce: Buffer;
  auth_tag: Buffer;
  key_version: number;
  hint: string;
  // raw queries return timestamps as text
  rotated_at: string | null;
  last_accessed_at: string | null;
  last_accessed_by_id: string | null;
};

const previousKeys = process.env.CREDENTIAL_KEYS;

describe.each(engines)("credential vault on %s", (engine) => {
  let database: TestDatabase;
  const as = async (email: string) => contextFor(database.db, await viewerFor(database.db, email));
  const ringNow = (): KeyRing => parseCredentialKeys(process.env.CREDENTIAL_KEYS);

  const stored = async (id: string): Promise<StoredCredential | undefined> =>
    (await database.db.execute<StoredCredential>(sql`SELECT * FROM credentials WHERE id = ${id}`))[0];

  const open = (row: StoredCredential, ring: KeyRing = ringNow()) =>
    decryptWithRing(ring, { ciphertext: row.ciphertext, nonce: row.nonce, tag: row.auth_tag, keyVersion: row.key_version }, credentialAad(row.company_id, row.id));

  /** Everything a refused request could have changed. */
  const snapshot = async () => ({
    credentials: await database.db.execute(sql`
      SELECT id, company_id, name, service, encode(ciphertext, 'hex') AS ciphertext, encode(nonce, 'hex') AS nonce,
             encode(auth_tag, 'hex') AS tag, key_version, hint, rotated_at, last_accessed_at, last_accessed_by_id
      FROM credentials ORDER BY id
    `),
    audits: (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0]?.n,
    notifications: (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications`))[0]?.n,
  });

  const auditOf = async (action: string, targetId: string) =>
    database.db.execute<{ actor_email: string; company_id: string; changes: Record<string, unknown> | null; ip: string }>(sql`
      SELECT actor_email, company_id, changes, host(ip) AS ip FROM audit_log WHERE action = ${action} AND target_id = ${targetId} ORDER BY at
    `);

  /** A credential Olivia adds for Acme, for one test. */
  const addAcmeCredential = async (name: string, secret = newSecret("QZXW")) => {
    const result = await createCredential(await as("olivia@acme.example.com"), { name, service: "Stripe", secret });
    if (!result.ok || !result.data) throw new Error(`could not add ${name}: ${JSON.stringify(result)}`);
    return { id: result.data.id, secret };
  };

  beforeAll(async () => {
    process.env.CREDENTIAL_KEYS = KEYS_V1;
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
    if (previousKeys === undefined) delete process.env.CREDENTIAL_KEYS;
    else process.env.CREDENTIAL_KEYS = previousKeys;
  });

  it("seeds 2–4 credentials per company, encrypted, whose secrets are the deterministic demo ones", async () => {
    for (const company of demoCompanies) {
      const demo = demoCredentials[company.key] ?? [];
      expect(demo.length).toBeGreaterThanOrEqual(2);
      expect(demo.length).toBeLessThanOrEqual(4);
      for (const credential of demo) {
        const row = await stored(stableId(`credential:${company.key}:${credential.key}`));
        expect(row, `${company.key}:${credential.key}`).toBeDefined();
        if (!row) continue;
        const secret = demoCredentialSecret(company.key, credential);
        expect(secret).toMatch(/demo/);
        expect(open(row)).toBe(secret);
        expect(row.hint).toBe(secret.slice(-4));
        expect(row.key_version).toBe(1);
      }
    }
    // seeding again changes nothing
    const before = await snapshot();
    await seedCredentials(database.db, { now: NOW, credentialKeys: KEYS_V1 });
    expect((await snapshot()).credentials).toEqual(before.credentials);
  });

  it("lets a client add a credential: encrypted under the current key, hinted, audited without the secret", async () => {
    const secret = newSecret("QZXW");
    const result = await createCredential(await as("olivia@acme.example.com"), { name: "  Stripe live  ", service: "Stripe", secret });
    expect(result).toMatchObject({ ok: true });
    const id = result.ok ? (result.data?.id ?? "") : "";
    const row = await stored(id);
    expect(row).toMatchObject({ company_id: ACME, name: "Stripe live", service: "Stripe", hint: "QZXW", key_version: 1, rotated_at: null });
    expect(row?.nonce).toHaveLength(12);
    expect(row?.auth_tag).toHaveLength(16);
    expect(row && open(row)).toBe(secret);

    const [entry, ...more] = await auditOf("credential.create", id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ actor_email: "olivia@acme.example.com", company_id: ACME, ip: "127.0.0.1" });
    expect(entry?.changes).toEqual({ credential: "Stripe live", name: { from: null, to: "Stripe live" }, service: { from: null, to: "Stripe" } });
  });

  it("rejects a blank name, service or secret with field errors", async () => {
    const before = await snapshot();
    const result = await createCredential(await as("olivia@acme.example.com"), { name: " ", service: "", secret: "   " });
    expect(result.ok ? 200 : result.status).toBe(400);
    expect(result.ok ? {} : Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["name", "secret", "service"]);
    expect(await snapshot()).toEqual(before);
  });

  it("replaces a secret: re-encrypted, rotatedAt set, hint updated, audited without either secret", async () => {
    const { id, secret: first } = await addAcmeCredential("Rotating key");
    const before = await stored(id);
    const second = newSecret("WXYV");
    const result = await updateCredentialCommand(await as("marcus@acme.example.com"), {
      credentialId: id,
      name: "Rotating key",
      service: "Stripe",
      secret: second,
    });
    expect(result).toMatchObject({ ok: true });
    const after = await stored(id);
    expect(after?.rotated_at).toEqual(expect.any(String));
    expect(after?.hint).toBe("WXYV");
    expect(after?.ciphertext.equals(before?.ciphertext ?? Buffer.alloc(0))).toBe(false);
    expect(after?.nonce.equals(before?.nonce ?? Buffer.alloc(0))).toBe(false);
    expect(after && open(after)).toBe(second);

    const [entry] = await auditOf("credential.rotate", id);
    expect(entry).toMatchObject({ actor_email: "marcus@acme.example.com", company_id: ACME });
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual(["credential", "rotatedAt"]);
    const text = JSON.stringify(entry);
    for (const leaked of [first, second, "QZXW", "WXYV"]) expect(text).not.toContain(leaked);
  });

  it("renames with a blank secret and keeps the secret exactly as it was", async () => {
    const { id, secret } = await addAcmeCredential("Old name");
    const before = await stored(id);
    const result = await updateCredentialCommand(await as("olivia@acme.example.com"), {
      credentialId: id,
      name: "New name",
      service: "Stripe Connect",
      secret: "",
    });
    expect(result).toMatchObject({ ok: true });
    const after = await stored(id);
    expect(after).toMatchObject({ name: "New name", service: "Stripe Connect", rotated_at: null, hint: "QZXW" });
    expect(after?.ciphertext.equals(before?.ciphertext ?? Buffer.alloc(0))).toBe(true);
    expect(after?.nonce.equals(before?.nonce ?? Buffer.alloc(0))).toBe(true);
    expect(after?.auth_tag.equals(before?.auth_tag ?? Buffer.alloc(0))).toBe(true);
    expect(after && open(after)).toBe(secret);
    const [entry] = await auditOf("credential.update", id);
    expect(entry?.changes).toEqual({
      credential: "New name",
      name: { from: "Old name", to: "New name" },
      service: { from: "Stripe", to: "Stripe Connect" },
    });

    // the same values again: nothing to save, nothing audited
    const unchanged = await updateCredentialCommand(await as("olivia@acme.example.com"), {
      credentialId: id,
      name: "New name",
      service: "Stripe Connect",
    });
    expect(unchanged).toMatchObject({ ok: true });
    expect(await auditOf("credential.update", id)).toHaveLength(1);
  });

  it("deletes a credential, audited with its name only", async () => {
    const { id, secret } = await addAcmeCredential("Doomed");
    const result = await deleteCredentialCommand(await as("olivia@acme.example.com"), { credentialId: id });
    expect(result).toMatchObject({ ok: true });
    expect(await stored(id)).toBeUndefined();
    const [entry] = await auditOf("credential.delete", id);
    expect(entry).toMatchObject({ actor_email: "olivia@acme.example.com", company_id: ACME });
    expect(entry?.changes).toEqual({ credential: "Doomed", name: { from: "Doomed", to: null }, service: { from: "Stripe", to: null } });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it("lets an admin and the company's SE reveal: plaintext in the response only, audited, lastAccessed set, clients notified", async () => {
    const { id, secret } = await addAcmeCredential("Reveal me");
    const clients = await database.db.execute<{ id: string; email: string }>(sql`
      SELECT id, email FROM users WHERE company_id = ${ACME} AND role = 'client' AND active
    `);
    expect(clients.length).toBeGreaterThan(0);

    for (const [email, name] of [
      ["admin@nexus.example.com", "Ada Lovelace"],
      ["sam@nexus.example.com", "Sam Rivera"],
    ] as const) {
      const context = await as(email);
      const result = await revealCredential(context, { credentialId: id });
      expect(result).toMatchObject({ ok: true, data: { secret } });

      const row = await stored(id);
      expect(row?.last_accessed_by_id).toBe(context.viewer?.id);
      expect(row?.last_accessed_at).toEqual(expect.any(String));

      const entries = await auditOf("credential.reveal", id);
      const entry = entries.at(-1);
      expect(entry).toMatchObject({ actor_email: email, company_id: ACME });
      expect(entry?.changes?.credential).toBe("Reveal me");
      expect(JSON.stringify(entries)).not.toContain(secret);
      expect(JSON.stringify(entries)).not.toContain("QZXW");

      const notified = await database.db.execute<{ user_id: string; title: string; link: string; company_id: string; body: string }>(sql`
        SELECT user_id, title, link, company_id, body FROM notifications
        WHERE type = 'credential_revealed' AND title = ${`${name} viewed the “Reveal me” credential`}
      `);
      // one company notification, seen by each of the company's clients
      expect(notified.map((item) => item.user_id)).toEqual([null]);
      for (const client of clients) {
        expect((await inboxOf(database.db, client.email)).filter((item) => item.type === "credential_revealed" && item.title === notified[0]?.title)).toHaveLength(1);
      }
      for (const item of notified) {
        expect(item).toMatchObject({ link: "/credentials", company_id: ACME });
        expect(item.body).not.toContain(secret);
      }
    }
    expect(await auditOf("credential.reveal", id)).toHaveLength(2);
  });

  it("refuses a client's reveal, another SE's reveal, and another company's client's writes, changing nothing", async () => {
    const { id } = await addAcmeCredential("Guarded");
    const copperleafCredential = stableId("credential:copperleaf:hubspot");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const before = await snapshot();

    const refused = [
      await revealCredential(await as("olivia@acme.example.com"), { credentialId: id }),
      await revealCredential(await as("priya@nexus.example.com"), { credentialId: id }),
      await revealCredential(await as("sam@nexus.example.com"), { credentialId: copperleafCredential }),
      await revealCredential(await as("admin@nexus.example.com"), { credentialId: unknown }),
      await updateCredentialCommand(await as("daniel@copperleaf.example.com"), { credentialId: id, name: "Mine now", service: "x", secret: newSecret("ABCD") }),
      await updateCredentialCommand(await as("daniel@copperleaf.example.com"), { credentialId: id, name: "Mine now", service: "x" }),
      await deleteCredentialCommand(await as("daniel@copperleaf.example.com"), { credentialId: id }),
      await deleteCredentialCommand(await as("olivia@acme.example.com"), { credentialId: copperleafCredential }),
      await deleteCredentialCommand(await as("olivia@acme.example.com"), { credentialId: unknown }),
      // staff do not write a client's credentials
      await createCredential(await as("admin@nexus.example.com"), { name: "Staff key", service: "x", secret: newSecret("ABCD") }),
      await createCredential(await as("sam@nexus.example.com"), { name: "Staff key", service: "x", secret: newSecret("ABCD") }),
      await deleteCredentialCommand(await as("sam@nexus.example.com"), { credentialId: id }),
    ];
    for (const [index, result] of refused.entries()) {
      expect(result.ok ? 200 : result.status, `case ${index}`).toBe(403);
      expect(result.ok ? "" : result.error, `case ${index}`).toBe("You are not allowed to do that.");
      expect("data" in result, `case ${index}`).toBe(false);
    }
    const signedOut = await revealCredential(contextFor(database.db, null), { credentialId: id });
    expect(signedOut.ok ? 200 : signedOut.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it("never holds a plaintext secret in any column of credentials, audit_log or notifications", async () => {
    const { id, secret } = await addAcmeCredential("Scan me");
    const replaced = newSecret("MNOP");
    await updateCredentialCommand(await as("olivia@acme.example.com"), { credentialId: id, name: "Scan me", service: "Stripe", secret: replaced });
    await revealCredential(await as("sam@nexus.example.com"), { credentialId: id });
    const secrets = [secret, replaced, ...demoCredentialSecrets()];

    for (const table of ["credentials", "audit_log", "notifications"] as const) {
      const rows = await database.db.execute<Record<string, unknown>>(sql`SELECT * FROM ${sql.identifier(table)}`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === "string" ? value : JSON.stringify(value ?? null), "utf8");
          for (const plaintext of secrets) {
            expect(bytes.includes(Buffer.from(plaintext, "utf8")), `${table}.${column}`).toBe(false);
          }
        }
      }
    }
    // nor anything that holds all but the first few characters
    const everything = JSON.stringify(await database.db.execute(sql`SELECT * FROM audit_log WHERE action LIKE 'credential.%'`));
    for (const plaintext of secrets) expect(everything).not.toContain(plaintext.slice(-16));
  });

  it("gives /credentials only masked data: no secret, no sealed bytes; the access log lists the reveal by staff", async () => {
    const { id, secret } = await addAcmeCredential("On the page");
    await revealCredential(await as("sam@nexus.example.com"), { credentialId: id });

    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const data = await loadCredentialsPage(database.db, olivia, { logPage: 1 });
    expect(data.canWrite).toBe(true);
    expect(data.credentials.map((credential) => credential.name)).toContain("On the page");
    const mine = data.credentials.find((credential) => credential.id === id);
    expect(mine).toMatchObject({ hint: "QZXW", lastAccessedByName: "Sam Rivera" });
    expect(Object.keys(mine ?? {}).sort()).toEqual(
      ["createdAt", "hint", "id", "lastAccessedAt", "lastAccessedByName", "name", "rotatedAt", "service"].sort(),
    );
    const [newest] = data.accessLog.entries;
    expect(newest).toMatchObject({ action: "credential.reveal", actorName: "Sam Rivera", actorRole: "se", credentialName: "On the page" });
    const ats = data.accessLog.entries.map((entry) => entry.at.getTime());
    expect(ats).toEqual([...ats].sort((a, b) => b - a));

    const text = JSON.stringify(data);
    for (const plaintext of [secret, ...demoCredentialSecrets()]) expect(text).not.toContain(plaintext);
    expect(text).not.toMatch(/ciphertext|nonce|authTag|"tag"/);

    // the staff card's rows, by the same query
    const staffRows = await listCredentials(database.db, { scope: scopeFor(await viewerFor(database.db, "sam@nexus.example.com"), "credentials.list"), companyId: ACME });
    const staffText = JSON.stringify(staffRows);
    for (const plaintext of [secret, ...demoCredentialSecrets()]) expect(staffText).not.toContain(plaintext);

    // another company's people see none of it
    const daniel = await viewerFor(database.db, "daniel@copperleaf.example.com");
    const theirs = await loadCredentialsPage(database.db, daniel, { logPage: 1 });
    expect(theirs.credentials.map((credential) => credential.id)).not.toContain(id);
    expect(theirs.accessLog.entries.map((entry) => entry.credentialName)).not.toContain("On the page");
    const priya = await viewerFor(database.db, "priya@nexus.example.com");
    expect(await listCredentials(database.db, { scope: scopeFor(priya, "credentials.list"), companyId: ACME })).toEqual([]);
    expect((await listCredentials(database.db, { scope: scopeFor(priya, "credentials.list"), companyId: COPPERLEAF })).length).toBeGreaterThan(0);
  });

  it("pages the access log, newest first", async () => {
    const olivia = await viewerFor(database.db, "olivia@acme.example.com");
    const first = await loadCredentialsPage(database.db, olivia, { logPage: 1 });
    const all = first.accessLog.entries.length;
    expect(all).toBeGreaterThan(0);
    // 20 a page: add enough entries to need a second one
    for (let i = 0; i < 21; i += 1) await addAcmeCredential(`Paged ${i}`);
    const one = await loadCredentialsPage(database.db, olivia, { logPage: 1 });
    const two = await loadCredentialsPage(database.db, olivia, { logPage: 2 });
    expect(one.accessLog.entries).toHaveLength(20);
    expect(one.accessLog.hasNext).toBe(true);
    expect(one.accessLog.entries[0]?.credentialName).toBe("Paged 20");
    const ids = new Set([...one.accessLog.entries, ...two.accessLog.entries].map((entry) => entry.id));
    expect(ids.size).toBe(one.accessLog.entries.length + two.accessLog.entries.length);
  });

  it("re-encrypts every record to the newest key version; they still decrypt, and a tampered one is reported and left", async () => {
    const { id: tamperedId } = await addAcmeCredential("Tampered");
    await database.db.execute(sql`UPDATE credentials SET auth_tag = decode(repeat('00', 16), 'hex') WHERE id = ${tamperedId}`);
    const count = (await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM credentials WHERE key_version = 1`))[0]?.n ?? 0;
    expect(count).toBeGreaterThan(20);

    process.env.CREDENTIAL_KEYS = KEYS_V1_V2;
    const ring = ringNow();
    const batches: number[] = [];
    const report = await reencryptCredentials(database.db, ring, { batchSize: 7, onBatch: (progress) => batches.push(progress.reencrypted) });
    expect(report).toEqual({ reencrypted: count - 1, skipped: 0, failed: [tamperedId] });
    expect(batches.length).toBeGreaterThan(1);

    const rows = await database.db.execute<StoredCredential>(sql`SELECT * FROM credentials WHERE id <> ${tamperedId}`);
    const onlyV2 = createKeyRing([[2, KEY_V2]]);
    for (const row of rows) {
      expect(row.key_version).toBe(2);
      expect(() => open(row, onlyV2)).not.toThrow();
    }
    for (const company of demoCompanies) {
      for (const credential of demoCredentials[company.key] ?? []) {
        const row = rows.find((item) => item.id === stableId(`credential:${company.key}:${credential.key}`));
        expect(row && open(row, onlyV2)).toBe(demoCredentialSecret(company.key, credential));
      }
    }
    expect((await stored(tamperedId))?.key_version).toBe(1);

    // the app keeps working on the new ring: reveal a moved record, add one under version 2
    const moved = rows.find((row) => row.company_id === ACME);
    const revealed = await revealCredential(await as("sam@nexus.example.com"), { credentialId: moved?.id ?? "" });
    expect(revealed.ok).toBe(true);
    const { id } = await addAcmeCredential("After rotation");
    expect((await stored(id))?.key_version).toBe(2);

    // a second run has nothing left but the tampered record
    await database.db.execute(sql`DELETE FROM credentials WHERE id = ${tamperedId}`);
    expect(await reencryptCredentials(database.db, ring)).toEqual({ reencrypted: 0, skipped: 0, failed: [] });
  });
});
