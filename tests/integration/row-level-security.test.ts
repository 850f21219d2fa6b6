// Row-level security, the database's second line (PRODUCT.md §7 Tenancy;
// drizzle/0004_row_level_security.sql, db/tenant.ts): as nexus_app, a transaction sees and
// writes only the companies its settings name; no settings, no rows; the owner connection
// is unaffected; commands run scoped to their viewer.
import { randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { updateOwnProfile } from "@/app/(admin)/admin/profile/commands";
import { createUser } from "@/app/(admin)/admin/users/commands";
import { createDb, type Queryable } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { insertConnection } from "@/db/queries/connections";
import { insertIngestionKey } from "@/db/queries/ingestion-keys";
import {
  alertEvents,
  alerts,
  auditLog,
  companies,
  connectionWorkflows,
  credentials,
  executionDailyStats,
  ingestionLimits,
  invoices,
  notificationReads,
  notificationEmails,
  notifications,
  runStatusEvents,
  users,
  workflowExecutions,
  workflowExpectations,
  workflows,
} from "@/db/schema";
import { stableId } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { parseCredentialKeys } from "@/lib/credential-keys";
import { tenantDatabase, tenantSettingsSql, withTenant } from "@/db/tenant";
import { command } from "@/lib/action";
import type { CompanyScope } from "@/lib/authz";
import { generateIngestionKey } from "@/lib/ingestion";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";
import { loopbackAdminUrl } from "../support/templates";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const ACME_WORKFLOW = stableId("workflow:acme:Shipment status sync");
const COPPERLEAF_WORKFLOW = stableId("workflow:copperleaf:Lead routing");
const ADMIN = "admin@nexus.example.com";
const SAM = "sam@nexus.example.com"; // SE of Acme, Brightside, Evergreen
const OLIVIA = "olivia@acme.example.com"; // client of Acme
const DANIEL = "daniel@copperleaf.example.com"; // client of Copperleaf

const ACME_ONLY: CompanyScope = { kind: "companies", companyIds: [ACME] };
const ALL: CompanyScope = { kind: "all" };

/** Every table with row-level security, and how the owner counts one company's rows in it. */
const TENANT_TABLES = {
  companies: "id",
  users: "company_id",
  workflows: "company_id",
  workflow_executions: "company_id",
  execution_daily_stats: "company_id",
  execution_hourly_stats: "company_id",
  ingestion_keys: "company_id",
  credentials: "company_id",
  invoices: "company_id",
  notifications: "company_id",
  audit_log: "company_id",
  engine_connections: "company_id",
  connection_workflows: "company_id",
  workflow_expectations: "company_id",
  alerts: "company_id",
  alert_events: "company_id",
  company_plans: "company_id",
  ingestion_limits: "company_id",
  notification_reads: "company_id",
  notification_emails: "company_id",
  run_status_events: "company_id",
} as const;
type TenantTable = keyof typeof TENANT_TABLES;
const TABLE_NAMES = Object.keys(TENANT_TABLES) as TenantTable[];

async function countRows(db: Queryable, table: TenantTable, where?: ReturnType<typeof sql>): Promise<number> {
  const [row] = await db.execute<{ total: number }>(
    sql`SELECT count(*)::int AS "total" FROM ${sql.identifier(table)} ${where ? sql`WHERE ${where}` : sql``}`,
  );
  return row?.total ?? -1;
}

async function countEvery(db: Queryable, where?: (table: TenantTable) => ReturnType<typeof sql>) {
  const counts: Partial<Record<TenantTable, number>> = {};
  for (const table of TABLE_NAMES) counts[table] = await countRows(db, table, where?.(table));
  return counts;
}

/** The PostgreSQL error code somewhere in a (drizzle-wrapped) error's cause chain. */
function codeOf(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return null;
}

/** Expects the write to be refused by a policy: 42501, "new row violates row-level security policy". */
async function expectPolicyViolation(write: Promise<unknown>) {
  const error = await write.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "the write should have been refused").toBeInstanceOf(Error);
  expect(codeOf(error)).toBe("42501");
}

describe.each(engines)("row-level security (%s)", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
    // The seed issues no ingestion keys, notifications or audit entries: one of each for
    // Acme and Copperleaf (and their clients), so every tenant table has rows on both sides.
    for (const [companyId, email] of [
      [ACME, OLIVIA],
      [COPPERLEAF, DANIEL],
    ] as const) {
      const { prefix, keyHash } = generateIngestionKey();
      await insertIngestionKey(db, { companyId, name: "RLS test key", prefix, keyHash, createdById: null });
      const client = await viewerFor(db, email);
      await db.insert(notifications).values({ userId: client.id, companyId, type: "run_failed", title: "A run failed" });
      await db.insert(auditLog).values({ action: "test.seed", targetType: "company", targetId: companyId, companyId });
      // a connection with a mapping, an expectation, and an alert with its timeline
      const workflowId = companyId === ACME ? ACME_WORKFLOW : COPPERLEAF_WORKFLOW;
      const ring = parseCredentialKeys(TEST_ONLY_CREDENTIAL_KEYS);
      const connection = await insertConnection(db, ring, { companyId, name: "RLS n8n", baseUrl: "https://n8n.test", apiKey: "n8n_api_rls_test_key_000000", createdById: null });
      await db.insert(connectionWorkflows).values({ connectionId: connection.id, companyId, externalWorkflowId: "wf1", externalName: "wf", workflowId });
      await db.insert(workflowExpectations).values({ workflowId, companyId, failureStreak: 3 });
      const [alert] = await db.insert(alerts).values({ companyId, workflowId, condition: "failing", summary: "RLS", openedAt: new Date() }).returning({ id: alerts.id });
      await db.insert(alertEvents).values({ alertId: alert?.id ?? "", companyId, at: new Date(), kind: "opened" });
      await db.insert(ingestionLimits).values({ companyId, keyBurst: 500 });
      // a company notification (one row for all its clients) and the client's read receipt
      const [group] = await db.insert(notifications).values({ companyId, type: "run_failed", title: "Runs failed", groupKey: `workflow:${workflowId}` }).returning({ id: notifications.id });
      await db.insert(notificationReads).values({ notificationId: group?.id ?? "", userId: client.id, companyId });
      await db.insert(notificationEmails).values({ notificationId: group?.id ?? "", userId: client.id, companyId });
      // a run's status event (the seed inserts runs without the recording path: none)
      await db.execute(sql`
        INSERT INTO run_status_events (run_id, company_id, status)
        SELECT id, company_id, status FROM workflow_executions WHERE workflow_id = ${workflowId} LIMIT 1`);
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it("enables and forces row-level security on every tenant table", async () => {
    const rows = await db.execute<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(sql`
      SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity
      ORDER BY relname
    `);
    expect(rows.map((row) => row.relname)).toEqual([...TABLE_NAMES].sort());
    expect(rows.every((row) => row.relforcerowsecurity)).toBe(true);
  });

  it("leaves the owner connection unchanged: it sees every seeded row", async () => {
    const counts = await countEvery(db);
    for (const table of TABLE_NAMES) expect(counts[table], table).toBeGreaterThan(0);
  });

  it("shows nothing to nexus_app without settings", async () => {
    const counts = await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL ROLE nexus_app`);
      return countEvery(tx);
    });
    for (const table of TABLE_NAMES) expect(counts[table], table).toBe(0);
  });

  it("shows nothing once a pooled connection's settings are left empty by an earlier transaction", async () => {
    // One connection: the settings of the scoped transaction end with it and read back as ''.
    const single = createDb(database.url, { max: 1 });
    try {
      expect(await withTenant(single.db, ALL, (tx) => countRows(tx, "companies"))).toBeGreaterThan(1);
      const counts = await single.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL ROLE nexus_app`);
        const [settings] = await tx.execute<{ scope: string | null }>(sql`SELECT current_setting('app.scope', true) AS "scope"`);
        expect(settings?.scope ?? "").toBe("");
        return countEvery(tx);
      });
      for (const table of TABLE_NAMES) expect(counts[table], table).toBe(0);
    } finally {
      await single.client.end();
    }
  });

  it("gives a client page's reads only its company and its user, and no writes (clientAreaReads)", async () => {
    const olivia = await viewerFor(db, OLIVIA);
    const reads = tenantDatabase(db, ACME_ONLY, { userId: olivia.id, readOnly: true });
    // Unfiltered queries, as a page that forgot its company would send them.
    const seen = await countEvery(reads);
    const owner = await countEvery(db, (table) =>
      table === "users"
        ? sql`(role = 'client' AND company_id = ${ACME}) OR id = ${olivia.id}`
        : table === "notifications"
          ? sql`company_id = ${ACME} OR user_id = ${olivia.id}`
          : sql`${sql.identifier(TENANT_TABLES[table])} = ${ACME}`,
    );
    expect(seen).toEqual(owner);
    const before = await countRows(db, "workflows", sql`name LIKE 'renamed%'`);
    await expect(reads.execute(sql`UPDATE workflows SET name = 'renamed' || name WHERE company_id = ${ACME}`)).rejects.toThrow();
    expect(await countRows(db, "workflows", sql`name LIKE 'renamed%'`)).toBe(before);
  });

  it("scoped to Acme, reads exactly Acme's rows", async () => {
    const scoped = await withTenant(db, ACME_ONLY, (tx) => countEvery(tx));
    const owner = await countEvery(db, (table) =>
      table === "users"
        ? sql`role = 'client' AND company_id = ${ACME}`
        : sql`${sql.identifier(TENANT_TABLES[table])} = ${ACME}`,
    );
    expect(scoped).toEqual(owner);
    expect(scoped.companies).toBe(1);
    for (const table of TABLE_NAMES) expect(scoped[table], table).toBeGreaterThan(0);
    // and nothing of Copperleaf, even when asked for by id
    const copperleafWorkflows = await withTenant(db, ACME_ONLY, (tx) =>
      tx.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, COPPERLEAF_WORKFLOW)),
    );
    expect(copperleafWorkflows).toEqual([]);
  });

  it("scoped to 'all', reads everything", async () => {
    expect(await withTenant(db, ALL, (tx) => countEvery(tx))).toEqual(await countEvery(db));
  });

  it("scoped to no company, reads nothing", async () => {
    const counts = await withTenant(db, { kind: "companies", companyIds: [] }, (tx) => countEvery(tx));
    for (const table of TABLE_NAMES) expect(counts[table], table).toBe(0);
  });

  it("refuses to write a workflow into another company, and changes nothing", async () => {
    const before = await countEvery(db);
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(workflows).values({ companyId: COPPERLEAF, name: "Planted workflow" })),
    );
    // moving Acme's own workflow to Copperleaf
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.update(workflows).set({ companyId: COPPERLEAF }).where(eq(workflows.id, ACME_WORKFLOW))),
    );
    // Copperleaf's workflow is not even there to update
    const renamed = await withTenant(db, ACME_ONLY, (tx) =>
      tx.update(workflows).set({ name: "Renamed by Acme" }).where(eq(workflows.id, COPPERLEAF_WORKFLOW)).returning({ id: workflows.id }),
    );
    expect(renamed).toEqual([]);
    const deleted = await withTenant(db, ACME_ONLY, (tx) =>
      tx.delete(workflows).where(eq(workflows.id, COPPERLEAF_WORKFLOW)).returning({ id: workflows.id }),
    );
    expect(deleted).toEqual([]);
    const [copperleaf] = await db.select({ name: workflows.name }).from(workflows).where(eq(workflows.id, COPPERLEAF_WORKFLOW));
    expect(copperleaf?.name).toBe("Lead routing");
    const [acme] = await db.select({ companyId: workflows.companyId }).from(workflows).where(eq(workflows.id, ACME_WORKFLOW));
    expect(acme?.companyId).toBe(ACME);
    expect(await countEvery(db)).toEqual(before);
  });

  it("refuses to write a credential or an invoice into another company, and changes nothing", async () => {
    const before = await countEvery(db);
    const [acmeCredential] = await db
      .select({ id: credentials.id })
      .from(credentials)
      .where(eq(credentials.companyId, ACME))
      .limit(1);
    const [copperleafCredential] = await db
      .select({ id: credentials.id, name: credentials.name })
      .from(credentials)
      .where(eq(credentials.companyId, COPPERLEAF))
      .limit(1);
    if (!acmeCredential || !copperleafCredential) throw new Error("the seed has credentials for Acme and Copperleaf");
    const sealed = { ciphertext: Buffer.from("x"), nonce: Buffer.alloc(12), authTag: Buffer.alloc(16), keyVersion: 1, hint: "abcd" };
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.insert(credentials).values({ companyId: COPPERLEAF, name: "Planted", service: "Stripe", ...sealed }),
      ),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.update(credentials).set({ companyId: COPPERLEAF }).where(eq(credentials.id, acmeCredential.id)),
      ),
    );
    const renamed = await withTenant(db, ACME_ONLY, (tx) =>
      tx.update(credentials).set({ name: "Renamed by Acme" }).where(eq(credentials.id, copperleafCredential.id)).returning({ id: credentials.id }),
    );
    expect(renamed).toEqual([]);

    const [acmeInvoice] = await db
      .select({ id: invoices.id, planId: invoices.planId })
      .from(invoices)
      .where(eq(invoices.companyId, ACME))
      .limit(1);
    const [copperleafInvoice] = await db
      .select({ id: invoices.id, status: invoices.status })
      .from(invoices)
      .where(eq(invoices.companyId, COPPERLEAF))
      .limit(1);
    if (!acmeInvoice || !copperleafInvoice) throw new Error("the seed has invoices for Acme and Copperleaf");
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.insert(invoices).values({
          number: "INV-PLANTED",
          companyId: COPPERLEAF,
          planId: acmeInvoice.planId,
          month: "2020-01-01",
          currency: "USD",
          billableRuns: 0,
          includedRuns: 0,
          overageRuns: 0,
          basePriceCents: 0,
          overagePriceCents: 0,
          overageCents: 0,
          totalCents: 0,
        }),
      ),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.update(invoices).set({ companyId: COPPERLEAF }).where(eq(invoices.id, acmeInvoice.id))),
    );
    const voided = await withTenant(db, ACME_ONLY, (tx) =>
      tx.update(invoices).set({ status: "void" }).where(eq(invoices.id, copperleafInvoice.id)).returning({ id: invoices.id }),
    );
    expect(voided).toEqual([]);

    const [credentialAfter] = await db.select({ name: credentials.name }).from(credentials).where(eq(credentials.id, copperleafCredential.id));
    expect(credentialAfter?.name).toBe(copperleafCredential.name);
    const [invoiceAfter] = await db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, copperleafInvoice.id));
    expect(invoiceAfter?.status).toBe(copperleafInvoice.status);
    expect(await countEvery(db)).toEqual(before);
  });

  it("refuses runs and rollups of another company, or of another company's workflow, and changes nothing", async () => {
    const before = await countEvery(db);
    const run = { externalId: `rls-${Date.now()}`, status: "succeeded" as const, startedAt: new Date(), finishedAt: new Date() };
    // Copperleaf's run under Acme's scope
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.insert(workflowExecutions).values({ ...run, companyId: COPPERLEAF, workflowId: COPPERLEAF_WORKFLOW }),
      ),
    );
    // labelled Acme, but on Copperleaf's workflow
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(workflowExecutions).values({ ...run, companyId: ACME, workflowId: COPPERLEAF_WORKFLOW })),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.insert(executionDailyStats).values({ companyId: ACME, workflowId: COPPERLEAF_WORKFLOW, day: "2020-01-01", runs: 1 }),
      ),
    );
    // an Acme run moved to Copperleaf
    const [acmeRun] = await db
      .select({ id: workflowExecutions.id })
      .from(workflowExecutions)
      .where(eq(workflowExecutions.companyId, ACME))
      .limit(1);
    if (!acmeRun) throw new Error("the seed has Acme runs");
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) =>
        tx.update(workflowExecutions).set({ companyId: COPPERLEAF, workflowId: COPPERLEAF_WORKFLOW }).where(eq(workflowExecutions.id, acmeRun.id)),
      ),
    );
    // Copperleaf's runs cannot be touched
    const cancelled = await withTenant(db, ACME_ONLY, (tx) =>
      tx
        .update(workflowExecutions)
        .set({ status: "cancelled" })
        .where(eq(workflowExecutions.companyId, COPPERLEAF))
        .returning({ id: workflowExecutions.id }),
    );
    expect(cancelled).toEqual([]);
    // a status event for Copperleaf's run (labelled Copperleaf, or Acme), or an Acme run's labelled Copperleaf
    const [copperleafRun] = await db
      .select({ id: workflowExecutions.id })
      .from(workflowExecutions)
      .where(eq(workflowExecutions.companyId, COPPERLEAF))
      .limit(1);
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(runStatusEvents).values({ runId: copperleafRun?.id ?? "", companyId: COPPERLEAF, status: "failed" })),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(runStatusEvents).values({ runId: copperleafRun?.id ?? "", companyId: ACME, status: "failed" })),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(runStatusEvents).values({ runId: acmeRun.id, companyId: COPPERLEAF, status: "failed" })),
    );
    expect(await countEvery(db)).toEqual(before);
    const [cancelledRuns] = await db.execute<{ total: number }>(
      sql`SELECT count(*)::int AS "total" FROM workflow_executions WHERE company_id = ${COPPERLEAF} AND status = 'cancelled'`,
    );
    const [cancelledInRollup] = await db.execute<{ total: number }>(
      sql`SELECT coalesce(sum(cancelled), 0)::int AS "total" FROM execution_daily_stats WHERE company_id = ${COPPERLEAF}`,
    );
    expect(cancelledRuns?.total).toBe(cancelledInRollup?.total);

    // the same write in the right company is accepted (the policy is not simply closed)
    const accepted = await withTenant(db, ACME_ONLY, (tx) =>
      tx
        .insert(workflowExecutions)
        .values({ ...run, status: "running", finishedAt: null, companyId: ACME, workflowId: ACME_WORKFLOW })
        .returning({ id: workflowExecutions.id }),
    );
    expect(accepted).toHaveLength(1);
    await db.delete(workflowExecutions).where(eq(workflowExecutions.externalId, run.externalId));
  });

  it("keeps users to their company, staff to 'all', and a user's own row to themselves", async () => {
    const sam = await viewerFor(db, SAM);
    const samScope: CompanyScope = { kind: "companies", companyIds: sam.companyIds };
    const visible = await withTenant(
      db,
      samScope,
      (tx) => tx.select({ email: users.email, role: users.role }).from(users).orderBy(users.email),
      { userId: sam.id },
    );
    // Sam's companies' clients and Sam; no other staff, no other company's clients
    expect(visible.filter((row) => row.role !== "client").map((row) => row.email)).toEqual([SAM]);
    expect(visible.some((row) => row.email === DANIEL)).toBe(false);
    expect(visible.some((row) => row.email === OLIVIA)).toBe(true);

    // an SE cannot make a client into staff, nor plant a staff user
    const [olivia] = await db.select({ id: users.id }).from(users).where(eq(users.email, OLIVIA));
    if (!olivia) throw new Error("seeded");
    await expectPolicyViolation(
      withTenant(db, samScope, (tx) => tx.update(users).set({ role: "admin", companyId: null }).where(eq(users.id, olivia.id)), {
        userId: sam.id,
      }),
    );
    await expectPolicyViolation(
      withTenant(db, samScope, (tx) => tx.insert(users).values({ email: `planted-${Date.now()}@example.com`, role: "admin" }), {
        userId: sam.id,
      }),
    );
    // Sam may rename himself, but not promote himself or join a company through his own row
    await withTenant(db, samScope, (tx) => tx.update(users).set({ name: "Sam Renamed" }).where(eq(users.id, sam.id)), { userId: sam.id });
    await expectPolicyViolation(
      withTenant(db, samScope, (tx) => tx.update(users).set({ role: "admin" }).where(eq(users.id, sam.id)), { userId: sam.id }),
    );
    const [samAfter] = await db.select({ name: users.name, role: users.role }).from(users).where(eq(users.id, sam.id));
    expect(samAfter).toEqual({ name: "Sam Renamed", role: "se" });
    await db.update(users).set({ name: sam.name }).where(eq(users.id, sam.id));
  });

  it("sends a company's notifications to its own clients only, and keeps the audit log honest", async () => {
    const before = await countEvery(db);
    const olivia = await viewerFor(db, OLIVIA);
    const daniel = await viewerFor(db, DANIEL);
    const note = { type: "run_failed" as const, title: "Planted", body: "" };
    // labelled Acme, addressed to Copperleaf's client
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(notifications).values({ ...note, companyId: ACME, userId: daniel.id }), {
        userId: olivia.id,
      }),
    );
    // Copperleaf's notification under Acme's scope
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(notifications).values({ ...note, companyId: COPPERLEAF, userId: daniel.id })),
    );
    // a company notification (no user) for Copperleaf under Acme's scope, and read receipts
    // in another user's name or for another company's notification
    await expectPolicyViolation(withTenant(db, ACME_ONLY, (tx) => tx.insert(notifications).values({ ...note, companyId: COPPERLEAF, userId: null })));
    const [copperleafGroup] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.companyId, COPPERLEAF), isNull(notifications.userId)));
    const [acmeGroup] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.companyId, ACME), isNull(notifications.userId)));
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(notificationReads).values({ notificationId: copperleafGroup?.id ?? "", userId: daniel.id, companyId: COPPERLEAF }), {
        userId: olivia.id,
      }),
    );
    const marcus = await viewerFor(db, "marcus@acme.example.com");
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(notificationReads).values({ notificationId: acmeGroup?.id ?? "", userId: marcus.id, companyId: ACME }), {
        userId: olivia.id,
      }),
    );
    // Daniel's notifications are neither readable nor markable from Acme
    const marked = await withTenant(
      db,
      ACME_ONLY,
      (tx) => tx.update(notifications).set({ readAt: new Date() }).where(eq(notifications.userId, daniel.id)).returning({ id: notifications.id }),
      { userId: olivia.id },
    );
    expect(marked).toEqual([]);

    // audit entries: for a company in scope or none, and in the acting user's name only
    const entry = { action: "test.planted", targetType: "test", targetId: "x" };
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(auditLog).values({ ...entry, companyId: COPPERLEAF, actorId: olivia.id }), {
        userId: olivia.id,
      }),
    );
    await expectPolicyViolation(
      withTenant(db, ACME_ONLY, (tx) => tx.insert(auditLog).values({ ...entry, companyId: ACME, actorId: daniel.id }), {
        userId: olivia.id,
      }),
    );
    // and the log stays append-only for the role
    const rewrite = withTenant(db, ACME_ONLY, (tx) => tx.execute(sql`UPDATE audit_log SET action = 'rewritten' WHERE company_id = ${ACME}`));
    await expect(rewrite).rejects.toThrow();
    expect(await countEvery(db)).toEqual(before);
    const [rewritten] = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, "rewritten")).limit(1);
    expect(rewritten).toBeUndefined();
  });

  it("scopes an already open transaction, and gives it back as it was", async () => {
    const total = await countRows(db, "workflows");
    const acme = await countRows(db, "workflows", sql`company_id = ${ACME}`);
    const seen = await db.transaction(async (outer) => {
      const beforeCall = await countRows(outer, "workflows");
      const inside = await withTenant(outer, ACME_ONLY, async (tx) => {
        const [who] = await tx.execute<{ role: string }>(sql`SELECT current_user AS "role"`);
        return { role: who?.role, count: await countRows(tx, "workflows") };
      });
      const afterCall = await countRows(outer, "workflows");
      // a failing scoped step rolls back to its savepoint, settings included
      await expect(
        withTenant(outer, ACME_ONLY, (tx) => tx.insert(workflows).values({ companyId: COPPERLEAF, name: "Planted workflow" })),
      ).rejects.toThrow();
      const afterFailure = await countRows(outer, "workflows");
      // nested: the inner scope applies inside, the outer one again after
      const nested = await withTenant(outer, ALL, async (tx) => {
        const inner = await withTenant(tx, ACME_ONLY, (innerTx) => countRows(innerTx, "workflows"));
        return { inner, outer: await countRows(tx, "workflows") };
      });
      return { beforeCall, inside, afterCall, afterFailure, nested };
    });
    expect(seen).toEqual({
      beforeCall: total,
      inside: { role: "nexus_app", count: acme },
      afterCall: total,
      afterFailure: total,
      nested: { inner: acme, outer: total },
    });
  });

  it("states the scope in settings a SET can carry safely", () => {
    expect(tenantSettingsSql(ACME_ONLY, { userId: stableId("user:olivia@acme.example.com") })).toContain(`app.company_ids = '${ACME}'`);
    expect(() => tenantSettingsSql({ kind: "companies", companyIds: ["x'; RESET ROLE; --"] })).toThrow(/not a uuid/);
    expect(() => tenantSettingsSql(ALL, { userId: "'" })).toThrow(/not a uuid/);
  });

  it("runs each command as nexus_app scoped to its viewer, statement by statement and in transactions", async () => {
    const probe = command({
      capability: "workflows.view",
      schema: z.object({}),
      run: async ({ db: scoped }) => {
        const [who] = await scoped.execute<{ role: string }>(sql`SELECT current_user AS "role"`);
        const alone = await countRows(scoped, "workflows");
        const inTransaction = await scoped.transaction(async (tx) => {
          const nested = await tx.transaction((inner) => countRows(inner, "workflows"));
          return { count: await countRows(tx, "workflows"), nested };
        });
        const rows = await scoped.select({ companyId: workflows.companyId }).from(workflows).where(ne(workflows.companyId, ACME));
        return { ok: true, data: { role: who?.role, alone, inTransaction, others: rows.length } };
      },
    });
    const acme = await countRows(db, "workflows", sql`company_id = ${ACME}`);
    const total = await countRows(db, "workflows");
    const asOlivia = await probe(contextFor(db, await viewerFor(db, OLIVIA)), {});
    expect(asOlivia).toEqual({ ok: true, data: { role: "nexus_app", alone: acme, inTransaction: { count: acme, nested: acme }, others: 0 } });
    const asAdmin = await probe(contextFor(db, await viewerFor(db, ADMIN)), {});
    expect(asAdmin).toEqual({
      ok: true,
      data: { role: "nexus_app", alone: total, inTransaction: { count: total, nested: total }, others: total - acme },
    });
    // the handle refuses client calls that would skip the scope
    const scoped = tenantDatabase(db, ACME_ONLY);
    expect(() => scoped.$client.reserve()).toThrow(/bypass/);
  });

  it("lets a scoped command check an email across companies and staff (app_email_taken)", async () => {
    const sam = await viewerFor(db, SAM);
    const before = await countEvery(db);
    // Priya is staff and Daniel is Copperleaf's: Sam sees neither, yet both emails are taken
    for (const email of ["priya@nexus.example.com", DANIEL.toUpperCase()]) {
      const result = await createUser(contextFor(db, sam), {
        name: "Copy Cat",
        email,
        role: "client",
        companyId: ACME,
        origin: "http://nexus.test",
      });
      expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { email: ["A user with this email already exists."] } });
    }
    expect(await countEvery(db)).toEqual(before);
    // a new email goes through, as Sam, into Acme
    const email = `rls-${Date.now()}@acme.example.com`;
    const created = await createUser(contextFor(db, sam), { name: "New Client", email, role: "client", companyId: ACME, origin: "http://nexus.test" });
    expect(created.ok).toBe(true);
    const [row] = await db.select({ companyId: users.companyId }).from(users).where(eq(users.email, email));
    expect(row?.companyId).toBe(ACME);
    const [entry] = await db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.create"), eq(auditLog.companyId, ACME)))
      .orderBy(sql`${auditLog.at} DESC`)
      .limit(1);
    expect(entry?.actorId).toBe(sam.id);
  });

  it("lets an SE write their own staff row through a command", async () => {
    const sam = await viewerFor(db, SAM);
    const result = await updateOwnProfile(contextFor(db, sam), { name: "Sam Through Command" });
    expect(result.ok).toBe(true);
    const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, sam.id));
    expect(row?.name).toBe("Sam Through Command");
    await db.update(users).set({ name: sam.name }).where(eq(users.id, sam.id));
  });
});

// Managed PostgreSQL (Neon, RDS, …): the app's login role owns the tables but is no
// superuser, so FORCE would hide every row from it but for the owner_access policy, and it
// needs membership in nexus_app to SET ROLE. Migrated from scratch as such a role.
describe.runIf(engines.includes("postgres"))("row-level security with a non-superuser owner (postgres)", () => {
  const suffix = randomBytes(6).toString("hex");
  const role = `nexus_owner_${suffix}`;
  const name = `nexus_owner_test_${suffix}`;
  let admin: postgres.Sql;
  let owner: ReturnType<typeof createDb> | undefined;

  beforeAll(async () => {
    const adminUrl = loopbackAdminUrl();
    admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE ROLE ${role} LOGIN CREATEROLE`);
    await admin.unsafe(`CREATE DATABASE ${name} OWNER ${role}`);
    const url = new URL(adminUrl);
    url.username = role;
    url.password = "";
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    owner = createDb(url.toString(), { max: 2 });
  });
  afterAll(async () => {
    await owner?.client.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it("keeps the owner's full access, and scopes it once it takes the app role", async () => {
    if (!owner) throw new Error("not migrated");
    const { db: ownerDb } = owner;
    const [facts] = await ownerDb.execute<{ superuser: boolean; member: boolean }>(sql`
      SELECT rolsuper AS "superuser", pg_has_role(current_user, 'nexus_app', 'MEMBER') AS "member"
      FROM pg_roles WHERE rolname = current_user
    `);
    expect(facts).toEqual({ superuser: false, member: true });
    const [first, second] = await ownerDb
      .insert(companies)
      .values([
        { name: "First", industry: "Test" },
        { name: "Second", industry: "Test" },
      ])
      .returning({ id: companies.id });
    if (!first || !second) throw new Error("no companies");
    await ownerDb.insert(workflows).values([
      { companyId: first.id, name: "First's workflow" },
      { companyId: second.id, name: "Second's workflow" },
    ]);
    expect(await countRows(ownerDb, "workflows")).toBe(2);
    const scope: CompanyScope = { kind: "companies", companyIds: [first.id] };
    expect(await withTenant(ownerDb, scope, (tx) => countRows(tx, "workflows"))).toBe(1);
    await expectPolicyViolation(
      withTenant(ownerDb, scope, (tx) => tx.insert(workflows).values({ companyId: second.id, name: "Planted" })),
    );
    const settled = await ownerDb.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL ROLE nexus_app`);
      return countRows(tx, "workflows");
    });
    expect(settled).toBe(0);
    expect(await countRows(ownerDb, "workflows")).toBe(2);
  });
});
