// Ingestion keys: created by an admin or the company's SE, shown once, stored as a hash,
// revocable, audited; everyone else is refused and nothing changes.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestionKey, revokeIngestionKeyCommand } from "@/app/(admin)/admin/companies/[id]/ingestion-keys/commands";
import { stableId } from "@/db/seed";
import { ingestExecution } from "@/lib/ingestion";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");

describe.each(engines)("ingestion keys on %s", (engine) => {
  let database: TestDatabase;
  const as = async (email: string) => contextFor(database.db, await viewerFor(database.db, email));
  const counts = async () =>
    (await database.db.execute<{ keys: number; audits: number }>(sql`
      SELECT (SELECT count(*)::int FROM ingestion_keys) AS keys,
             (SELECT count(*)::int FROM audit_log WHERE action LIKE 'ingestion_key.%') AS audits
    `))[0];

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("lets the company's SE create a key that is shown once and stored only as a hash", async () => {
    const result = await createIngestionKey(await as("sam@nexus.example.com"), { companyId: ACME, name: "n8n production" });
    expect(result.ok).toBe(true);
    const key = result.ok ? result.data?.key : undefined;
    expect(key).toMatch(/^nxk_/);
    const stored = await database.db.execute<{ row: string }>(sql`SELECT to_jsonb(k)::text AS row FROM ingestion_keys k`);
    const everything = JSON.stringify(stored) + JSON.stringify(await database.db.execute(sql`SELECT * FROM audit_log`));
    expect(everything).not.toContain(key);
    expect(everything).toContain(key?.slice(0, 12));

    const accepted = await ingestExecution(
      database.db,
      new Request("http://nexus.test/api/v1/executions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ workflowId: stableId("workflow:acme:Shipment status sync"), externalId: "k-1", status: "running", startedAt: "2026-11-20T15:00:00Z" }),
      }),
    );
    expect(accepted.status).toBe(201);
  });

  it("refuses an SE of another company, a client, and a signed-out caller, changing nothing", async () => {
    const before = await counts();
    for (const context of [await as("priya@nexus.example.com"), await as("olivia@acme.example.com"), contextFor(database.db, null)]) {
      const result = await createIngestionKey(context, { companyId: ACME, name: "sneaky" });
      expect(result.ok).toBe(false);
      expect(result.ok ? 0 : result.status).toBe(context.viewer ? 403 : 401);
    }
    expect(await counts()).toEqual(before);
  });

  it("revokes a key: audited, and the key then gets 401", async () => {
    const admin = await as("admin@nexus.example.com");
    const created = await createIngestionKey(admin, { companyId: COPPERLEAF, name: "make" });
    const keyId = created.ok ? created.data?.id : undefined;
    const key = created.ok ? created.data?.key : undefined;

    const denied = await revokeIngestionKeyCommand(await as("sam@nexus.example.com"), { keyId });
    expect(denied.ok ? 200 : denied.status).toBe(403);

    const revoked = await revokeIngestionKeyCommand(await as("priya@nexus.example.com"), { keyId });
    expect(revoked.ok).toBe(true);
    const [entry] = await database.db.execute<{ actor_email: string; company_id: string }>(sql`
      SELECT actor_email, company_id FROM audit_log WHERE action = 'ingestion_key.revoke' AND target_id = ${keyId ?? ""}
    `);
    expect(entry).toMatchObject({ actor_email: "priya@nexus.example.com", company_id: COPPERLEAF });
    const refused = await ingestExecution(
      database.db,
      new Request("http://nexus.test/api/v1/executions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: "{}",
      }),
    );
    expect(refused.status).toBe(401);
  });

  it("answers a bad name with a field error", async () => {
    const result = await createIngestionKey(await as("admin@nexus.example.com"), { companyId: ACME, name: "  " });
    expect(result.ok ? null : result.fieldErrors?.name).toBeTruthy();
  });
});
