// The workflow manager (PRODUCT.md §1, §2): create, edit, pause/resume and archive through
// the commands the forms call, on real engines; who may do what, the audit trail, that
// past runs keep their minutes saved, and the scoped keyset paging of run history.
import { createHash } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archiveWorkflow,
  createWorkflow,
  pauseWorkflow,
  resumeWorkflow,
  updateWorkflowSettings,
} from "@/app/(admin)/admin/workflows/commands";
import {
  decodeRunCursor,
  encodeRunCursor,
  findWorkflow,
  listWorkflowRuns,
  listWorkflows,
  RUNS_PAGE_SIZE,
} from "@/db/queries/workflows";
import { auditLog, notifications, users, workflowExecutions, workflows } from "@/db/schema";
import { stableId } from "@/db/seed";
import type { Viewer } from "@/lib/authz";
import { contextFor, viewerFor } from "../support/context";
import { inboxOf } from "../support/notifications";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const SHIPMENT_SYNC = stableId("workflow:acme:Shipment status sync");
const POD_FILING = stableId("workflow:acme:Proof-of-delivery filing");
const ADMIN = "admin@nexus.example.com";
const SAM = "sam@nexus.example.com"; // SE of Acme, Brightside, Evergreen
const PRIYA = "priya@nexus.example.com"; // SE of Copperleaf, Driftwood, Foxglove
const OLIVIA = "olivia@acme.example.com"; // client of Acme
const DANIEL = "daniel@copperleaf.example.com"; // client of Copperleaf

type Db = TestDatabase["db"];

/** A workflow made for one test, straight in the database, so tests never share writes. */
async function makeWorkflow(
  db: Db,
  companyId: string,
  values: Partial<typeof workflows.$inferInsert> = {},
): Promise<string> {
  const [row] = await db
    .insert(workflows)
    .values({
      companyId,
      name: `Test workflow ${Math.random().toString(36).slice(2, 10)}`,
      description: "Made by a test.",
      platform: "n8n",
      trigger: "schedule",
      minutesSavedPerRun: 10,
      ...values,
    })
    .returning({ id: workflows.id });
  if (!row) throw new Error("no workflow inserted");
  return row.id;
}

async function workflowRow(db: Db, id: string) {
  const [row] = await db
    .select({
      name: workflows.name,
      description: workflows.description,
      platform: workflows.platform,
      trigger: workflows.trigger,
      minutesSavedPerRun: workflows.minutesSavedPerRun,
      status: workflows.status,
      companyId: workflows.companyId,
      updatedAt: workflows.updatedAt,
    })
    .from(workflows)
    .where(eq(workflows.id, id));
  return row ?? null;
}

async function auditRowsFor(db: Db, targetId: string) {
  return db
    .select({
      action: auditLog.action,
      actorEmail: auditLog.actorEmail,
      companyId: auditLog.companyId,
      targetType: auditLog.targetType,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .where(eq(auditLog.targetId, targetId))
    .orderBy(auditLog.at);
}

async function auditCount(db: Db): Promise<number> {
  const [row] = await db.select({ total: count() }).from(auditLog);
  return row?.total ?? 0;
}

async function workflowCount(db: Db): Promise<number> {
  const [row] = await db.select({ total: count() }).from(workflows);
  return row?.total ?? 0;
}

/** The settings form as it posts: every field a string. */
function settingsForm(id: string, overrides: Record<string, string> = {}) {
  return {
    id,
    name: "Shipment status sync",
    description: "Pulls carrier tracking into the TMS every 15 minutes.",
    platform: "n8n",
    trigger: "schedule",
    minutesSavedPerRun: "3",
    status: "active",
    ...overrides,
  };
}

describe.each(engines)("workflows on %s", (engine) => {
  let database: TestDatabase;
  let db: Db;
  let admin: Viewer;
  let sam: Viewer;
  let priya: Viewer;
  let olivia: Viewer;
  let daniel: Viewer;

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
    [admin, sam, priya, olivia, daniel] = await Promise.all([
      viewerFor(db, ADMIN),
      viewerFor(db, SAM),
      viewerFor(db, PRIYA),
      viewerFor(db, OLIVIA),
      viewerFor(db, DANIEL),
    ]);
  });
  afterAll(async () => {
    await database?.close();
  });

  describe("create", () => {
    it("lets an admin create a workflow, audited with its company", async () => {
      const result = await createWorkflow(contextFor(db, admin), {
        companyId: COPPERLEAF,
        name: "  Open house sign-ups  ",
        description: "Collects sign-ups from the open-house tablet.",
        platform: "make",
        trigger: "webhook",
        minutesSavedPerRun: "7",
      });
      expect(result).toMatchObject({ ok: true });
      const id = result.ok ? result.data?.id : undefined;
      expect(id).toBeTruthy();
      if (!id) return;

      expect(await workflowRow(db, id)).toMatchObject({
        name: "Open house sign-ups",
        description: "Collects sign-ups from the open-house tablet.",
        platform: "make",
        trigger: "webhook",
        minutesSavedPerRun: 7,
        status: "active",
        companyId: COPPERLEAF,
      });
      const entries = await auditRowsFor(db, id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: "workflow.create",
        actorEmail: ADMIN,
        companyId: COPPERLEAF,
        targetType: "workflow",
        changes: { name: { from: null, to: "Open house sign-ups" }, minutesSavedPerRun: { from: null, to: 7 } },
      });
    });

    it("stores a blank minutes saved as null, so the platform default applies", async () => {
      const result = await createWorkflow(contextFor(db, sam), {
        companyId: ACME,
        name: "Dock schedule digest",
        platform: "custom",
        trigger: "schedule",
        minutesSavedPerRun: "",
      });
      expect(result.ok).toBe(true);
      const id = result.ok ? result.data?.id : undefined;
      if (!id) throw new Error("no id");
      expect(await workflowRow(db, id)).toMatchObject({ minutesSavedPerRun: null, description: "", companyId: ACME });
    });

    it("refuses an SE a forged company id outside their scope with 403, writing nothing", async () => {
      const workflowsBefore = await workflowCount(db);
      const auditBefore = await auditCount(db);
      for (const companyId of [COPPERLEAF, stableId("company:nowhere")]) {
        const result = await createWorkflow(contextFor(db, sam), {
          companyId,
          name: "Forged company workflow",
          platform: "n8n",
          trigger: "manual",
          minutesSavedPerRun: "5",
        });
        expect(result).toMatchObject({ ok: false, status: 403 });
      }
      expect(await workflowCount(db)).toBe(workflowsBefore);
      expect(await auditCount(db)).toBe(auditBefore);
      const forged = await db.select({ id: workflows.id }).from(workflows).where(eq(workflows.name, "Forged company workflow"));
      expect(forged).toEqual([]);
    });
  });

  describe("edit", () => {
    it("lets an SE edit minutes saved on their company's workflow, audited from/to", async () => {
      const result = await updateWorkflowSettings(contextFor(db, sam), settingsForm(SHIPMENT_SYNC, { minutesSavedPerRun: "8" }));
      expect(result).toMatchObject({ ok: true });
      expect(await workflowRow(db, SHIPMENT_SYNC)).toMatchObject({ minutesSavedPerRun: 8, name: "Shipment status sync" });

      const entries = await auditRowsFor(db, SHIPMENT_SYNC);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: "workflow.update",
        actorEmail: SAM,
        companyId: ACME,
        targetType: "workflow",
      });
      // only the changed field, with its old and new value
      expect(entries[0]?.changes).toEqual({ minutesSavedPerRun: { from: 3, to: 8 } });
    });

    it("saves nothing and audits nothing when nothing changed", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Unchanged", description: "", minutesSavedPerRun: null });
      const result = await updateWorkflowSettings(
        contextFor(db, admin),
        settingsForm(id, { name: "Unchanged", description: "", minutesSavedPerRun: "" }),
      );
      expect(result).toMatchObject({ ok: true, message: "Nothing changed." });
      expect(await auditRowsFor(db, id)).toEqual([]);
    });

    it("refuses an SE a workflow of another SE's company with 403: unchanged, no audit", async () => {
      const id = await makeWorkflow(db, COPPERLEAF, { name: "Priya's workflow", minutesSavedPerRun: 4 });
      const before = await workflowRow(db, id);
      const auditBefore = await auditCount(db);

      const edits = [
        updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { name: "Taken over", minutesSavedPerRun: "99" })),
        pauseWorkflow(contextFor(db, sam), { id }),
        archiveWorkflow(contextFor(db, sam), { id }),
      ];
      for (const result of await Promise.all(edits)) expect(result).toMatchObject({ ok: false, status: 403 });
      // the same answer for a workflow that does not exist: existence never leaks
      const missing = await pauseWorkflow(contextFor(db, sam), { id: stableId("workflow:none") });
      expect(missing).toEqual(await pauseWorkflow(contextFor(db, sam), { id }));

      expect(await workflowRow(db, id)).toEqual(before);
      expect(await auditCount(db)).toBe(auditBefore);
      expect(await auditRowsFor(db, id)).toEqual([]);

      // the company's own SE may
      const own = await updateWorkflowSettings(contextFor(db, priya), settingsForm(id, { name: "Priya's workflow", minutesSavedPerRun: "5" }));
      expect(own).toMatchObject({ ok: true });
    });

    it("refuses a client every workflow command with 403, even on their own company's workflow", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Client target" });
      const before = await workflowRow(db, id);
      const workflowsBefore = await workflowCount(db);
      const auditBefore = await auditCount(db);
      const context = contextFor(db, olivia);

      const results = [
        await createWorkflow(context, { companyId: ACME, name: "Client made", platform: "n8n", trigger: "manual", minutesSavedPerRun: "1" }),
        await updateWorkflowSettings(context, settingsForm(id, { name: "Client edit", minutesSavedPerRun: "1000" })),
        await pauseWorkflow(context, { id }),
        await resumeWorkflow(context, { id }),
        await archiveWorkflow(context, { id }),
        // invalid input too: the capability is checked before the input
        await updateWorkflowSettings(context, { id, minutesSavedPerRun: "abc" }),
      ];
      for (const result of results) expect(result).toMatchObject({ ok: false, status: 403 });

      expect(await workflowRow(db, id)).toEqual(before);
      expect(await workflowCount(db)).toBe(workflowsBefore);
      expect(await auditCount(db)).toBe(auditBefore);
    });

    it("answers 401 without a signed-in viewer", async () => {
      const result = await pauseWorkflow(contextFor(db, null), { id: SHIPMENT_SYNC });
      expect(result).toMatchObject({ ok: false, status: 401 });
    });

    it.each(["-1", "abc", "5000", "12.5", "1441"])("rejects minutes saved %j with a 400 field error", async (minutes) => {
      const id = await makeWorkflow(db, ACME, { minutesSavedPerRun: 10 });
      const before = await workflowRow(db, id);
      const result = await updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { minutesSavedPerRun: minutes }));
      expect(result).toMatchObject({ ok: false, status: 400 });
      expect(result.ok ? [] : (result.fieldErrors?.minutesSavedPerRun ?? [])).not.toHaveLength(0);
      expect(await workflowRow(db, id)).toEqual(before);
      expect(await auditRowsFor(db, id)).toEqual([]);

      const created = await createWorkflow(contextFor(db, sam), {
        companyId: ACME,
        name: `Invalid minutes ${minutes}`,
        platform: "n8n",
        trigger: "manual",
        minutesSavedPerRun: minutes,
      });
      expect(created).toMatchObject({ ok: false, status: 400 });
      expect(created.ok ? [] : Object.keys(created.fieldErrors ?? {})).toEqual(["minutesSavedPerRun"]);
    });

    it("accepts the bounds 0 and 1440", async () => {
      const id = await makeWorkflow(db, ACME);
      expect(await updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { name: "Bounds", minutesSavedPerRun: "0" }))).toMatchObject({ ok: true });
      expect((await workflowRow(db, id))?.minutesSavedPerRun).toBe(0);
      expect(await updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { name: "Bounds", minutesSavedPerRun: "1440" }))).toMatchObject({ ok: true });
      expect((await workflowRow(db, id))?.minutesSavedPerRun).toBe(1440);
    });

    it("leaves the minutes saved of past runs as they were when minutes saved per run changes", async () => {
      // a digest of every run's minutes saved (PGlite's wire server is kept to small answers)
      const runsOf = async () => {
        const [row] = await db.execute<{ runs: number; digest: string; values: string }>(sql`
          SELECT count(*)::int AS runs,
                 md5(string_agg(id::text || ':' || coalesce(minutes_saved::text, 'null'), ',' ORDER BY id)) AS digest,
                 string_agg(DISTINCT coalesce(minutes_saved::text, 'null'), ',') AS values
          FROM workflow_executions WHERE workflow_id = ${POD_FILING}
        `);
        return row;
      };
      const before = await runsOf();
      expect(before?.runs).toBeGreaterThan(100);
      expect(before?.values).toBe("6,null");

      const result = await updateWorkflowSettings(
        contextFor(db, admin),
        settingsForm(POD_FILING, {
          name: "Proof-of-delivery filing",
          description: "Files signed POD scans to the customer folder and CRM.",
          platform: "custom",
          trigger: "webhook",
          minutesSavedPerRun: "45",
        }),
      );
      expect(result).toMatchObject({ ok: true });
      expect((await workflowRow(db, POD_FILING))?.minutesSavedPerRun).toBe(45);
      expect(await runsOf()).toEqual(before);
    });
  });

  describe("status", () => {
    it("pauses, resumes and archives, auditing each step with the workflow's company", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Lifecycle" });

      expect(await pauseWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: true });
      expect((await workflowRow(db, id))?.status).toBe("paused");
      expect(await resumeWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: true });
      expect((await workflowRow(db, id))?.status).toBe("active");
      expect(await archiveWorkflow(contextFor(db, admin), { id })).toMatchObject({ ok: true });
      expect((await workflowRow(db, id))?.status).toBe("archived");

      const entries = await auditRowsFor(db, id);
      expect(entries.map((entry) => [entry.action, entry.actorEmail, entry.companyId, entry.changes])).toEqual([
        ["workflow.pause", SAM, ACME, { status: { from: "active", to: "paused" } }],
        ["workflow.resume", SAM, ACME, { status: { from: "paused", to: "active" } }],
        ["workflow.archive", ADMIN, ACME, { status: { from: "active", to: "archived" } }],
      ]);
    });

    it("tells each active client of the company when a workflow is paused and resumed", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Notify on pause" });
      const clients = await db
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(eq(users.companyId, ACME), eq(users.role, "client"), eq(users.active, true)));
      expect(clients.length).toBeGreaterThan(0);
      await pauseWorkflow(contextFor(db, sam), { id });
      await resumeWorkflow(contextFor(db, sam), { id });
      const rows = await db
        .select({ userId: notifications.userId, type: notifications.type, link: notifications.link, title: notifications.title })
        .from(notifications)
        .where(eq(notifications.link, `/workflows/${id}`));
      // one company notification each, seen by every active client
      expect(rows.filter((row) => row.type === "workflow_paused").map((row) => row.userId)).toEqual([null]);
      expect(rows.filter((row) => row.type === "workflow_resumed").map((row) => row.userId)).toEqual([null]);
      for (const client of clients) {
        const seen = (await inboxOf(db, client.email)).filter((item) => item.link === `/workflows/${id}`);
        expect(seen.map((item) => item.type).sort(), client.email).toEqual(["workflow_paused", "workflow_resumed"]);
      }
      expect(rows[0]?.title).toMatch(/^Notify on pause was (paused|resumed)$/);
    });

    it("treats pausing a paused workflow as done, with no second audit entry", async () => {
      const id = await makeWorkflow(db, ACME, { status: "paused" });
      expect(await pauseWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: true });
      expect(await auditRowsFor(db, id)).toEqual([]);
    });

    it("audits a status change made in the settings form as an update", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Via settings", description: "", minutesSavedPerRun: 3 });
      const result = await updateWorkflowSettings(
        contextFor(db, sam),
        settingsForm(id, { name: "Via settings", description: "", status: "paused" }),
      );
      expect(result).toMatchObject({ ok: true });
      const entries = await auditRowsFor(db, id);
      expect(entries.map((entry) => [entry.action, entry.changes])).toEqual([
        ["workflow.update", { status: { from: "active", to: "paused" } }],
      ]);
      // archived only comes with the archive command
      const archiving = await updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { status: "archived" }));
      expect(archiving).toMatchObject({ ok: false, status: 400 });
    });

    it("keeps an archived workflow read-only and out of lists unless asked for", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Retired sync" });
      expect(await archiveWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: true });
      const before = await workflowRow(db, id);
      const auditBefore = await auditCount(db);

      expect(await updateWorkflowSettings(contextFor(db, sam), settingsForm(id, { name: "Revived" }))).toMatchObject({ ok: false, status: 409 });
      expect(await resumeWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: false, status: 409 });
      expect(await pauseWorkflow(contextFor(db, sam), { id })).toMatchObject({ ok: false, status: 409 });
      expect(await workflowRow(db, id)).toEqual(before);
      expect(await auditCount(db)).toBe(auditBefore);

      const scope = { kind: "companies", companyIds: [ACME] } as const;
      const listed = await listWorkflows(db, { scope, pageSize: 100 });
      expect(listed.workflows.map((workflow) => workflow.id)).not.toContain(id);
      const archived = await listWorkflows(db, { scope, filters: { status: "archived" }, pageSize: 100 });
      expect(archived.workflows.map((workflow) => workflow.id)).toContain(id);
      expect(archived.workflows.every((workflow) => workflow.status === "archived")).toBe(true);
    });
  });

  describe("queries", () => {
    it("lists workflows within the scope only, filtered and paged", async () => {
      const acmeOnly = await listWorkflows(db, { scope: { kind: "companies", companyIds: [ACME] }, pageSize: 100 });
      expect(acmeOnly.workflows.length).toBeGreaterThan(0);
      expect(acmeOnly.workflows.every((workflow) => workflow.companyId === ACME)).toBe(true);

      expect(await listWorkflows(db, { scope: { kind: "companies", companyIds: [] } })).toEqual({ workflows: [], hasNext: false });
      // a company filter outside the scope finds nothing
      const outside = await listWorkflows(db, { scope: { kind: "companies", companyIds: [ACME] }, filters: { companyId: COPPERLEAF } });
      expect(outside.workflows).toEqual([]);

      const searched = await listWorkflows(db, { scope: { kind: "all" }, filters: { search: "shipment STATUS" } });
      expect(searched.workflows.map((workflow) => workflow.id)).toEqual([SHIPMENT_SYNC]);
      // LIKE wildcards in a search mean themselves
      expect((await listWorkflows(db, { scope: { kind: "all" }, filters: { search: "%" } })).workflows).toEqual([]);

      const first = await listWorkflows(db, { scope: { kind: "all" }, pageSize: 10 });
      const second = await listWorkflows(db, { scope: { kind: "all" }, pageSize: 10, page: 2 });
      expect(first.workflows).toHaveLength(10);
      expect(first.hasNext).toBe(true);
      const firstIds = new Set(first.workflows.map((workflow) => workflow.id));
      expect(second.workflows.some((workflow) => firstIds.has(workflow.id))).toBe(false);
    });

    it("finds a workflow only within the scope", async () => {
      expect(await findWorkflow(db, { scope: { kind: "companies", companyIds: olivia.companyIds }, id: SHIPMENT_SYNC })).not.toBeNull();
      expect(await findWorkflow(db, { scope: { kind: "companies", companyIds: daniel.companyIds }, id: SHIPMENT_SYNC })).toBeNull();
      expect(await findWorkflow(db, { scope: { kind: "companies", companyIds: [] }, id: SHIPMENT_SYNC })).toBeNull();
      expect(await findWorkflow(db, { scope: { kind: "all" }, id: "not-a-uuid" })).toBeNull();
    });

    it("pages run history by keyset, newest first, with disjoint pages that cover every run", async () => {
      const scope = { kind: "companies", companyIds: olivia.companyIds } as const;
      const [expected] = await db.execute<{ runs: number; digest: string }>(sql`
        SELECT count(*)::int AS runs, md5(string_agg(id::text, ',' ORDER BY started_at DESC, id DESC)) AS digest
        FROM workflow_executions WHERE workflow_id = ${SHIPMENT_SYNC}
      `);
      expect(expected?.runs).toBeGreaterThan(1000);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof listWorkflowRuns>> = await listWorkflowRuns(db, {
          scope,
          workflowId: SHIPMENT_SYNC,
          cursor,
        });
        expect(page.runs.length).toBeGreaterThan(0);
        expect(page.runs.length).toBeLessThanOrEqual(RUNS_PAGE_SIZE);
        seen.push(...page.runs.map((run) => run.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 1000);

      expect(pages).toBe(Math.ceil((expected?.runs ?? 0) / RUNS_PAGE_SIZE));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(expected?.runs ?? -1);
      // the same runs in the same order as (started_at DESC, id DESC) over the raw table
      expect(createHash("md5").update(seen.join(",")).digest("hex")).toBe(expected?.digest);
    });

    it("keeps runs that start in the same millisecond or at the same instant on the right pages", async () => {
      const id = await makeWorkflow(db, ACME, { name: "Ties" });
      // five runs at one instant, two a microsecond apart within the same millisecond
      await db.execute(sql`
        INSERT INTO workflow_executions (company_id, workflow_id, external_id, status, started_at)
        SELECT ${ACME}, ${id}, 'tie-' || g, 'running', '2026-11-20 10:00:00.123456+00'::timestamptz
        FROM generate_series(1, 5) AS g
      `);
      await db.execute(sql`
        INSERT INTO workflow_executions (company_id, workflow_id, external_id, status, started_at)
        VALUES (${ACME}, ${id}, 'micro-1', 'running', '2026-11-20 10:00:00.123455+00'),
               (${ACME}, ${id}, 'micro-2', 'running', '2026-11-20 10:00:00.123457+00')
      `);
      const scope = { kind: "all" } as const;
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: Awaited<ReturnType<typeof listWorkflowRuns>> = await listWorkflowRuns(db, { scope, workflowId: id, cursor, limit: 2 });
        seen.push(...result.runs.map((run) => run.id));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      const externalIds = await db
        .select({ id: workflowExecutions.id, externalId: workflowExecutions.externalId })
        .from(workflowExecutions)
        .where(eq(workflowExecutions.workflowId, id));
      const byId = new Map(externalIds.map((row) => [row.id, row.externalId]));
      expect(byId.get(seen[0] ?? "")).toBe("micro-2");
      expect(byId.get(seen[6] ?? "")).toBe("micro-1");
    });

    it("never returns another company's runs, whatever workflow id is asked for", async () => {
      const copperleafWorkflow = stableId("workflow:copperleaf:Lead routing");
      const asDaniel = await listWorkflowRuns(db, { scope: { kind: "companies", companyIds: daniel.companyIds }, workflowId: copperleafWorkflow });
      expect(asDaniel.runs.length).toBeGreaterThan(0);

      // Olivia (Acme) asking for a Copperleaf workflow's runs: none, and no cursor either
      const asOlivia = await listWorkflowRuns(db, { scope: { kind: "companies", companyIds: olivia.companyIds }, workflowId: copperleafWorkflow });
      expect(asOlivia).toEqual({ runs: [], nextCursor: null });
      // nor with a cursor taken from Daniel's pages
      const borrowed = await listWorkflowRuns(db, {
        scope: { kind: "companies", companyIds: olivia.companyIds },
        workflowId: copperleafWorkflow,
        cursor: asDaniel.nextCursor,
      });
      expect(borrowed.runs).toEqual([]);
      // Sam (SE of Acme, not Copperleaf) neither
      const asSam = await listWorkflowRuns(db, { scope: { kind: "companies", companyIds: sam.companyIds }, workflowId: copperleafWorkflow });
      expect(asSam.runs).toEqual([]);
      expect(await listWorkflowRuns(db, { scope: { kind: "companies", companyIds: [] }, workflowId: SHIPMENT_SYNC })).toEqual({
        runs: [],
        nextCursor: null,
      });

      // every run on Olivia's pages is Acme's
      const page = await listWorkflowRuns(db, { scope: { kind: "companies", companyIds: olivia.companyIds }, workflowId: SHIPMENT_SYNC });
      const companiesOfRuns = await db
        .select({ companyId: workflowExecutions.companyId })
        .from(workflowExecutions)
        .where(and(eq(workflowExecutions.workflowId, SHIPMENT_SYNC), inArray(workflowExecutions.id, page.runs.map((run) => run.id))));
      expect(new Set(companiesOfRuns.map((row) => row.companyId))).toEqual(new Set([ACME]));
    });

    it("ignores a cursor it did not make", async () => {
      const scope = { kind: "all" } as const;
      const newest = await listWorkflowRuns(db, { scope, workflowId: SHIPMENT_SYNC, limit: 5 });
      for (const cursor of ["garbage", Buffer.from("2026-01-01|x").toString("base64url"), "x".repeat(500)]) {
        expect(decodeRunCursor(cursor)).toBeNull();
        const page = await listWorkflowRuns(db, { scope, workflowId: SHIPMENT_SYNC, cursor, limit: 5 });
        expect(page.runs.map((run) => run.id)).toEqual(newest.runs.map((run) => run.id));
      }
      const made = encodeRunCursor({ startedAt: "2026-11-20T10:00:00.123456Z", id: SHIPMENT_SYNC });
      expect(decodeRunCursor(made)).toEqual({ startedAt: "2026-11-20T10:00:00.123456Z", id: SHIPMENT_SYNC });
    });
  });
});
