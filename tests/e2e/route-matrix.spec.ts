// The route × role matrix (issue 8, PRODUCT.md §1), replayed over HTTP against the
// production build: every page, route handler and server action of tests/e2e/route-matrix.ts,
// as each actor, must answer what its cell says. Server actions are posted the way the
// browser posts them (Next-Action header, multipart body), so this also proves that an
// action is no softer than the page that renders it. Failures are collected and shown
// together, one line per cell: "<row> as <actor>: expected …, got …".
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed-data";
import { e2eDatabase } from "./support/database";
import {
  ACTORS,
  ACTOR_EMAILS,
  actionRows,
  handlerRows,
  pageRows,
  rowName,
  type ActionRow,
  type Actor,
  type Fixtures,
  type HandlerRow,
  type PageRow,
  type ScratchKind,
  type SignedInActor,
} from "./route-matrix";

const sql = e2eDatabase();

// ------------------------------------------------------------------ server action ids

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/** "app/(admin)/admin/users/[id]/page" → a pattern matching /admin/users/<anything>. */
function workerPattern(worker: string): RegExp {
  const route = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${route || "/"}$`);
}

/**
 * Action ids of the build, by "file#export": .next/server/server-reference-manifest.json
 * maps each id to the file and export it came from and the pages (workers) that render it.
 */
function readActionIds(): Map<string, { id: string; pages: RegExp[] }> {
  const manifest = JSON.parse(readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const ids = new Map<string, { id: string; pages: RegExp[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    ids.set(`${entry.filename}#${entry.exportedName}`, { id, pages: Object.keys(entry.workers).map(workerPattern) });
  }
  return ids;
}

// ------------------------------------------------------------------ requests and outcomes

const BYPASS = { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" };

/**
 * The form a useActionState action receives, encoded as React encodes its arguments,
 * (null, FormData): the form's fields as part 1 ("_1_<name>", the prefix of the React
 * build Next bundles), then the root "0" referring to them, last, as the browser sends it.
 */
function actionBody(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append("0", JSON.stringify([null, "$K1"]));
  return body;
}

/** The action's return value in the RSC response: the object with `ok` (ActionResult) or `status` (the sign-in state). */
function actionValue(body: string): Record<string, unknown> | null {
  for (const line of body.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match?.[1]) continue;
    let value: unknown;
    try {
      value = JSON.parse(match[1]);
    } catch {
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const candidate = "a" in value && typeof value.a === "object" && value.a !== null ? value.a : value;
    if ("ok" in candidate || ("status" in candidate && typeof candidate.status === "string")) {
      return candidate as Record<string, unknown>;
    }
  }
  return null;
}

type Observed = {
  status: number;
  /** "redirect:/login" for the sign-in page with ?next= the requested path (or bare), else "redirect:<location>" */
  redirect: string | null;
  /** a server action's answer: "ok", or the refusal's status */
  result: string | null;
  detail: string;
};

function sameOriginPath(location: string, baseURL: string): string {
  return location.startsWith(baseURL) ? location.slice(baseURL.length) || "/" : location;
}

async function observe(response: APIResponse, requested: string, baseURL: string, isAction: boolean): Promise<Observed> {
  const status = response.status();
  const headers = response.headers();
  const actionRedirect = headers["x-action-redirect"]?.split(";")[0];
  const location = headers.location ?? actionRedirect;
  let redirect: string | null = null;
  if (location && (status >= 300 && status < 400)) {
    const target = sameOriginPath(location, baseURL);
    const toLogin = target === `/login?next=${encodeURIComponent(requested)}` || (actionRedirect !== undefined && target === "/login");
    redirect = toLogin ? "redirect:/login" : `redirect:${target}`;
  }
  let result: string | null = null;
  let detail = `${status}${location ? ` → ${location}` : ""}`;
  if (isAction && !redirect) {
    const text = await response.text();
    const value = actionValue(text);
    if (value && "ok" in value) {
      result = value.ok === true ? "ok" : String(value.status);
      if (value.ok !== true) detail = `${status}, ${String(value.status)}: ${String(value.error)}`;
    } else if (value && typeof value.status === "string") {
      // the sign-in action's own state
      result = value.status === "signed-in" ? "ok" : value.status === "error" ? "400" : value.status;
    } else {
      detail = `${status}, no action result in: ${text.slice(0, 200)}`;
    }
  }
  return { status, redirect, result, detail };
}

function matches(expected: string | number, observed: Observed, isAction: boolean): boolean {
  if (typeof expected === "string" && expected.startsWith("redirect:")) return observed.redirect === expected;
  if (observed.redirect && isAction) return false;
  if (isAction) return observed.result === String(expected);
  return observed.status === expected;
}

/** Runs `work` over `items`, `size` at a time: the machine is small and PGlite answers one query at a time. */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

// ------------------------------------------------------------------ the actors and the records

let baseURL = "";
let actionIds = new Map<string, { id: string; pages: RegExp[] }>();
let fixtures: Fixtures;
const contexts = new Map<Actor, APIRequestContext>();
/** unique per run: in the names of the rows it makes, so afterAll finds them */
let stampOfRun = "";
/** the database's clock when the run began: rows older than this are the real ones */
let startedAt = new Date();
let scratchCount = 0;

function contextOf(actor: Actor): APIRequestContext {
  const context = contexts.get(actor);
  if (!context) throw new Error(`no request context for ${actor}`);
  return context;
}

function actionOf(row: ActionRow): { id: string; pages: RegExp[] } {
  const entry = actionIds.get(`${row.file}#${row.name}`);
  if (!entry) throw new Error(`${rowName(row)} is not in the build's server-reference-manifest (rebuild?)`);
  return entry;
}

async function one<T>(rows: Promise<T[]>, what: string): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error(`the e2e database has no ${what}`);
  return row;
}

const money = (cents: number | null) => (cents === null ? "" : `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`);

async function signInAs(actor: SignedInActor): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const signIn = actionIds.get("app/(auth)/login/actions.ts#signInAction");
  if (!signIn) throw new Error("the sign-in action is not in the build's manifest");
  const response = await context.post("/login", {
    headers: { "Next-Action": signIn.id, Accept: "text/x-component", Origin: baseURL },
    multipart: actionBody({ email: ACTOR_EMAILS[actor], password: DEMO_PASSWORD, next: "" }),
    maxRedirects: 0,
  });
  const value = actionValue(await response.text());
  if (value?.status !== "signed-in") throw new Error(`${actor} could not sign in: ${JSON.stringify(value)}`);
  return context;
}

async function lookUpFixtures(stamp: string): Promise<Fixtures> {
  const company = await one(
    sql<
      {
        id: string;
        name: string;
        industry: string;
        hourly_rate_cents: number | null;
        status: string;
        plan_id: string;
        next_plan_id: string | null;
        assigned_se_id: string;
      }[]
    >`SELECT id, name, industry, hourly_rate_cents, status, assigned_se_id,
        (SELECT plan_id FROM company_plans p WHERE p.company_id = c.id AND p.from_month <= date_trunc('month', now())::date
          ORDER BY p.from_month DESC LIMIT 1) AS plan_id,
        (SELECT plan_id FROM company_plans p WHERE p.company_id = c.id AND p.from_month > date_trunc('month', now())::date
          ORDER BY p.from_month LIMIT 1) AS next_plan_id
      FROM companies c WHERE name = 'Acme Logistics'`,
    "Acme Logistics",
  );
  const plan = await one(
    sql<{ id: string; name: string; base_price_cents: number; included_runs: number; overage_price_cents: number }[]>`
      SELECT id, name, base_price_cents, included_runs, overage_price_cents FROM plans WHERE id = ${company.plan_id}`,
    "plan of Acme",
  );
  const workflow = await one(
    sql<{ id: string; name: string; description: string; platform: string; trigger: string; minutes_saved_per_run: number | null; status: string }[]>`
      SELECT id, name, description, platform::text, trigger::text, minutes_saved_per_run, status::text FROM workflows
      WHERE company_id = ${company.id} AND status = 'active' ORDER BY name LIMIT 1`,
    "active Acme workflow",
  );
  const run = await one(
    sql<{ id: string }[]>`SELECT id FROM workflow_executions WHERE workflow_id = ${workflow.id} ORDER BY started_at DESC LIMIT 1`,
    "run of the Acme workflow",
  );
  const invoice = await one(
    sql<{ id: string }[]>`SELECT id FROM invoices WHERE company_id = ${company.id} AND status <> 'draft' ORDER BY month DESC LIMIT 1`,
    "issued Acme invoice",
  );
  const olivia = await one(sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${ACTOR_EMAILS.client}`, "olivia");
  const otherUser = await one(
    sql<{ id: string; name: string; email: string }[]>`
      SELECT id, name, email FROM users WHERE company_id = ${company.id} AND email = 'marcus@acme.example.com'`,
    "second Acme client",
  );
  const credential = await one(
    sql<{ id: string; name: string; service: string }[]>`
      SELECT id, name, service FROM credentials WHERE company_id = ${company.id} ORDER BY created_at LIMIT 1`,
    "Acme credential",
  );
  const named = await sql<{ email: string; name: string }[]>`SELECT email, name FROM users WHERE email IN ${sql(Object.values(ACTOR_EMAILS))}`;
  const nameOf = (actor: SignedInActor) => named.find((row) => row.email === ACTOR_EMAILS[actor])?.name ?? actor;
  const settings = await one(
    sql<{ default_hourly_rate_cents: number; default_minutes_saved_per_run: number; currency: string }[]>`
      SELECT default_hourly_rate_cents, default_minutes_saved_per_run, currency FROM platform_settings`,
    "platform settings",
  );
  // A month before this one where every company billable for it has its invoice already.
  const invoiced = await one(
    sql<{ month: string }[]>`
      SELECT to_char(m.month, 'YYYY-MM') AS month FROM (SELECT DISTINCT month FROM invoices) m
      WHERE m.month < date_trunc('month', now())::date
        AND NOT EXISTS (
          SELECT 1 FROM companies c
          WHERE c.archived_at IS NULL AND c.status <> 'archived'
            AND EXISTS (SELECT 1 FROM company_plans p WHERE p.company_id = c.id)
            AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.company_id = c.id AND i.month = m.month))
      ORDER BY m.month DESC LIMIT 1`,
    "month with every invoice issued",
  );

  const base: Omit<Fixtures, "acme"> & {
    acme: Omit<Fixtures["acme"], "ingestionKeyId" | "inactiveUserId" | "notificationId" | "connection" | "alertId">;
  } = {
    origin: baseURL,
    stamp,
    bogusToken: "00000000-0000-0000-0000-000000000000.route-matrix-bogus-token",
    invoicedMonth: invoiced.month,
    names: {
      client: nameOf("client"),
      clientOther: nameOf("clientOther"),
      se: nameOf("se"),
      seOther: nameOf("seOther"),
      admin: nameOf("admin"),
    },
    settings: {
      defaultHourlyRate: money(settings.default_hourly_rate_cents),
      defaultMinutesSavedPerRun: String(settings.default_minutes_saved_per_run),
      currency: settings.currency,
    },
    acme: {
      companyId: company.id,
      company: {
        name: company.name,
        industry: company.industry,
        hourlyRate: money(company.hourly_rate_cents),
        status: company.status,
        assignedSeId: company.assigned_se_id,
      },
      planChoice: company.next_plan_id ?? company.plan_id,
      plan: {
        id: plan.id,
        name: plan.name,
        basePrice: money(plan.base_price_cents),
        includedRuns: String(plan.included_runs),
        overagePrice: money(plan.overage_price_cents),
      },
      workflow: {
        id: workflow.id,
        name: workflow.name,
        description: workflow.description,
        platform: workflow.platform,
        trigger: workflow.trigger,
        minutesSavedPerRun: workflow.minutes_saved_per_run === null ? "" : String(workflow.minutes_saved_per_run),
        status: workflow.status,
      },
      runId: run.id,
      invoiceId: invoice.id,
      clientUserId: olivia.id,
      otherUser,
      credential,
    },
  };
  // Records the denied actors aim at that the seed may not have: Acme's deactivated client,
  // an Acme ingestion key, an open Acme alert, and one of olivia's notifications.
  const inactiveUserId = await createScratch("inactiveClientUser", base.acme.companyId, base.acme.plan.id);
  const ingestionKeyId = await createScratch("ingestionKey", base.acme.companyId, base.acme.plan.id);
  const alertId = await createScratch("alert", base.acme.companyId, base.acme.plan.id);
  const connection = await createFixtureConnection(base.acme.companyId, stamp);
  const [notification] = await sql<{ id: string }[]>`
    SELECT id FROM notifications WHERE user_id = ${olivia.id} ORDER BY created_at DESC LIMIT 1`;
  const notificationId =
    notification?.id ??
    (
      await one(
        sql<{ id: string }[]>`
          INSERT INTO notifications (user_id, company_id, type, title) VALUES (${olivia.id}, ${company.id}, 'account_changed', 'Route matrix')
          RETURNING id`,
        "new notification",
      )
    ).id;
  return { ...base, acme: { ...base.acme, inactiveUserId, ingestionKeyId, notificationId, connection, alertId } };
}

/**
 * Acme's n8n connection for the connection rows, made by the admin through the action so
 * that its key is sealed with the server's key ring (the commands decrypt it), then paused
 * so the job worker leaves it alone. Its URL is a closed port on loopback: asking it fails
 * at once, which a test of the connection reports as n8n's answer.
 */
async function createFixtureConnection(companyId: string, stamp: string): Promise<Fixtures["acme"]["connection"]> {
  const create = actionIds.get("app/(admin)/admin/companies/[id]/connections/actions.ts#createConnectionAction");
  if (!create) throw new Error("the create-connection action is not in the build's manifest");
  const connection = { name: `Route matrix connection ${stamp}`, baseUrl: "http://127.0.0.1:9" };
  const response = await contextOf("admin").post(`/admin/companies/${companyId}`, {
    headers: { "Next-Action": create.id, Accept: "text/x-component", Origin: baseURL },
    multipart: actionBody({ companyId, ...connection, apiKey: "n8n_api_route_matrix_fixture_0000" }),
    maxRedirects: 0,
  });
  const value = actionValue(await response.text());
  if (value?.ok !== true) throw new Error(`the admin could not add Acme's connection: ${JSON.stringify(value)}`);
  const row = await one(
    sql<{ id: string }[]>`
      UPDATE engine_connections SET status = 'paused' WHERE company_id = ${companyId} AND name = ${connection.name} RETURNING id`,
    "route matrix connection",
  );
  return { id: row.id, ...connection };
}

/** A throwaway Acme record (or company) of the kind, named so afterAll can remove it. */
async function createScratch(kind: ScratchKind, companyId: string, planId: string): Promise<string> {
  scratchCount += 1;
  const label = `Route matrix scratch ${kind} ${stampOfRun} ${scratchCount}`;
  const email = `route-matrix-scratch-${scratchCount}-${stampOfRun}@acme.example.com`;
  const insert = (rows: Promise<{ id: string }[]>) => one(rows, `scratch ${kind}`).then((row) => row.id);
  switch (kind) {
    case "activeClientUser":
    case "inactiveClientUser":
      return insert(sql`
        INSERT INTO users (email, name, role, company_id, active)
        VALUES (${email}, ${label}, 'client', ${companyId}, ${kind === "activeClientUser"}) RETURNING id`);
    case "activeCompany":
      return insert(sql`INSERT INTO companies (name, industry, status) VALUES (${label}, 'Testing', 'active') RETURNING id`);
    case "archivedCompany":
      return insert(sql`
        INSERT INTO companies (name, industry, status, archived_at) VALUES (${label}, 'Testing', 'archived', now()) RETURNING id`);
    case "inactivePlan":
      return insert(sql`
        INSERT INTO plans (name, base_price_cents, included_runs, overage_price_cents, active)
        VALUES (${label}, 1000, 100, 5, false) RETURNING id`);
    case "openInvoice":
      // a month long before any real one, so it never meets the seeded invoices
      return insert(sql`
        INSERT INTO invoices (number, company_id, plan_id, month, status, currency, billable_runs, included_runs, overage_runs,
                              base_price_cents, overage_price_cents, overage_cents, total_cents, issued_at, due_at)
        SELECT ${`RM-${stampOfRun}-${scratchCount}`}, ${companyId}, id, (date '1990-01-01' + ${scratchCount} * interval '1 month')::date,
               'open', currency, 0, included_runs, 0, base_price_cents, overage_price_cents, 0, base_price_cents, now(), now() + interval '30 days'
        FROM plans WHERE id = ${planId} RETURNING id`);
    case "activeWorkflow":
    case "pausedWorkflow":
      return insert(sql`
        INSERT INTO workflows (company_id, name, status)
        VALUES (${companyId}, ${label}, ${kind === "activeWorkflow" ? "active" : "paused"}) RETURNING id`);
    case "credential":
      // never decrypted: deleting needs no secret
      return insert(sql`
        INSERT INTO credentials (company_id, name, service, ciphertext, nonce, auth_tag, key_version, hint)
        VALUES (${companyId}, ${label}, 'Route matrix', ${randomBytes(16)}, ${randomBytes(12)}, ${randomBytes(16)}, 1, '0000') RETURNING id`);
    case "ingestionKey":
      return insert(sql`
        INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
        VALUES (${companyId}, ${label}, 'nxk_matrix00', ${randomBytes(32).toString("hex")}) RETURNING id`);
    case "connection":
      // paused, so no worker syncs it; never decrypted: deleting needs no key
      return insert(sql`
        INSERT INTO engine_connections (company_id, name, base_url, api_key_ciphertext, api_key_nonce, api_key_auth_tag, key_version, api_key_hint, status)
        VALUES (${companyId}, ${label}, 'http://127.0.0.1:9', ${randomBytes(16)}, ${randomBytes(12)}, ${randomBytes(16)}, 1, '0000', 'paused')
        RETURNING id`);
    case "alert":
      // An open "late" alert on a workflow of its own (one active alert per workflow and
      // condition). The job worker's evaluator resolves, within a minute, any alert whose
      // workflow is not late by its expectation, so the workflow expects a run every 5
      // minutes since yesterday and has none: it stays late, and its alert open, all run.
      // Deleting the workflow (afterAll, by name) deletes its expectation and alert too.
      return insert(sql`
        WITH workflow AS (
          INSERT INTO workflows (company_id, name, status) VALUES (${companyId}, ${label}, 'active') RETURNING id, company_id
        ), expectation AS (
          INSERT INTO workflow_expectations (workflow_id, company_id, cadence_kind, interval_minutes, grace_minutes, since)
          SELECT id, company_id, 'interval', 5, 0, now() - interval '1 day' FROM workflow
        )
        INSERT INTO alerts (company_id, workflow_id, condition, summary, opened_at)
        SELECT company_id, id, 'late', ${`${label} has not run since its schedule was set.`}, now() FROM workflow
        RETURNING id`);
  }
}

/**
 * What the denied cells must leave alone: Acme's company, its users (and their alert email
 * preference), workflows and their expectations, credentials, invoices, keys, n8n connections
 * and workflow mappings, every plan, the staff accounts and the platform settings, as they
 * were before this run (rows made by the run itself are left out, but for the fixture
 * connection and the fixture alert the rows aim at).
 */
async function realState(since: Date, companyId: string): Promise<unknown> {
  const [row] = await sql<{ state: unknown }[]>`
    SELECT json_build_object(
      'company', (SELECT row_to_json(c) FROM (
        SELECT name, industry, hourly_rate_cents, status, assigned_se_id, archived_at
        FROM companies WHERE id = ${companyId}) c),
      'company_plans', (SELECT json_agg(p ORDER BY p.from_month) FROM (
        SELECT from_month, plan_id, set_by_id FROM company_plans WHERE company_id = ${companyId}) p),
      'plans', (SELECT json_agg(p ORDER BY p.id) FROM (
        SELECT id, name, base_price_cents, included_runs, overage_price_cents, active FROM plans WHERE created_at < ${since}) p),
      'users', (SELECT json_agg(u ORDER BY u.id) FROM (
        SELECT id, email, name, role, company_id, active, password_hash, alert_email FROM users
        WHERE created_at < ${since} AND (company_id = ${companyId} OR role <> 'client')) u),
      'workflows', (SELECT json_agg(w ORDER BY w.id) FROM (
        SELECT id, name, description, platform, trigger, minutes_saved_per_run, status FROM workflows
        WHERE company_id = ${companyId} AND created_at < ${since}) w),
      'expectations', (SELECT json_agg(e ORDER BY e.workflow_id) FROM (
        SELECT e.workflow_id, e.cadence_kind, e.interval_minutes, e.cron_expression, e.time_zone, e.grace_minutes, e.failure_streak,
               e.failure_rate_percent, e.failure_rate_window, e.failure_rate_min_runs, e.since
        FROM workflow_expectations e JOIN workflows w ON w.id = e.workflow_id
        WHERE e.company_id = ${companyId} AND w.created_at < ${since}) e),
      'alert', (SELECT row_to_json(a) FROM (
        SELECT state, acknowledged_at, acknowledged_by_id, acknowledge_note, snoozed_until, resolved_at
        FROM alerts WHERE id = ${fixtures.acme.alertId}) a),
      'alertEvents', (SELECT count(*) FROM alert_events WHERE alert_id = ${fixtures.acme.alertId}),
      'credentials', (SELECT json_agg(k ORDER BY k.id) FROM (
        SELECT id, name, service, encode(ciphertext, 'hex') AS ciphertext, rotated_at FROM credentials
        WHERE company_id = ${companyId} AND created_at < ${since}) k),
      'invoices', (SELECT json_agg(i ORDER BY i.id) FROM (
        SELECT id, status, paid_at, voided_at, payment_reference FROM invoices
        WHERE company_id = ${companyId} AND created_at < ${since}) i),
      'keys', (SELECT json_agg(k ORDER BY k.id) FROM (
        SELECT id, revoked_at FROM ingestion_keys WHERE company_id = ${companyId} AND created_at < ${since}) k),
      'connections', (SELECT json_agg(c ORDER BY c.id) FROM (
        SELECT id, name, base_url, status, api_key_hint, encode(api_key_ciphertext, 'hex') AS key FROM engine_connections
        WHERE company_id = ${companyId} AND (created_at < ${since} OR id = ${fixtures.acme.connection.id})) c),
      'mappings', (SELECT json_agg(m ORDER BY m.connection_id, m.external_workflow_id) FROM (
        SELECT connection_id, external_workflow_id, workflow_id FROM connection_workflows WHERE company_id = ${companyId}) m),
      'settings', (SELECT row_to_json(s) FROM (
        SELECT default_hourly_rate_cents, default_minutes_saved_per_run, currency FROM platform_settings) s)
    ) AS state`;
  return row?.state;
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  const configured = test.info().project.use.baseURL;
  if (!configured) throw new Error("playwright.config.ts sets no baseURL");
  baseURL = configured;
  actionIds = readActionIds();
  stampOfRun = `${Date.now()}`;
  const [clock] = await sql<{ now: Date }[]>`SELECT now() AS now`;
  startedAt = clock?.now ?? new Date();
  contexts.set("signedOut", await playwrightRequest.newContext({ baseURL }));
  const signedIn = await Promise.all(
    (Object.keys(ACTOR_EMAILS) as SignedInActor[]).map(async (actor) => [actor, await signInAs(actor)] as const),
  );
  for (const [actor, context] of signedIn) contexts.set(actor, context);
  fixtures = await lookUpFixtures(stampOfRun);
});

test.afterAll(async () => {
  await Promise.all([...contexts.values()].map((context) => context.dispose()));
  contexts.clear();
  // What this run made goes again. The audit log is append-only and refers to users and
  // companies, so those are deactivated and archived instead of deleted.
  if (stampOfRun) {
    const pattern = `%${stampOfRun}%`;
    await sql`UPDATE users SET active = false WHERE email LIKE ${pattern}`;
    await sql`DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email LIKE ${pattern})`;
    await sql`DELETE FROM workflows WHERE name LIKE ${pattern}`;
    await sql`DELETE FROM credentials WHERE name LIKE ${pattern}`;
    await sql`DELETE FROM ingestion_keys WHERE name LIKE ${pattern}`;
    await sql`DELETE FROM engine_connections WHERE name LIKE ${pattern}`;
    await sql`DELETE FROM invoices WHERE number LIKE ${pattern}`;
    await sql`DELETE FROM plans WHERE name LIKE ${pattern}`;
    await sql`UPDATE companies SET status = 'archived', archived_at = coalesce(archived_at, now()) WHERE name LIKE ${pattern}`;
  }
  await sql.end();
});

type Failure = string;

function failureLine(name: string, actor: Actor, expected: string | number, observed: Observed, note = ""): Failure {
  return `${name} as ${actor}${note}: expected ${expected}, got ${observed.redirect ?? observed.result ?? observed.status} (${observed.detail})`;
}

async function requestPage(row: PageRow, actor: Actor, headers: Record<string, string> = {}): Promise<Observed> {
  const target = row.path(fixtures);
  const response = await contextOf(actor).get(target, { maxRedirects: 0, headers });
  return observe(response, target, baseURL, false);
}

async function requestHandler(row: HandlerRow, actor: Actor, headers: Record<string, string> = {}): Promise<Observed> {
  const { path: target, form, json } = row.request(fixtures);
  const context = contextOf(actor);
  const response =
    row.method === "GET"
      ? await context.get(target, { maxRedirects: 0, headers })
      : await context.post(target, { maxRedirects: 0, headers, ...(form ? { form } : {}), ...(json ? { data: json } : {}) });
  return observe(response, target, baseURL, false);
}

async function postAction(row: ActionRow, actor: Actor, own: string | undefined, at?: string): Promise<Observed> {
  const { id } = actionOf(row);
  const isClient = actor === "client" || actor === "clientOther";
  const page = at ?? (isClient && row.clientPage ? row.clientPage : row.page)(fixtures);
  const response = await contextOf(actor).post(page, {
    headers: { "Next-Action": id, Accept: "text/x-component", Origin: baseURL },
    multipart: actionBody(row.form({ f: fixtures, actor, own })),
    maxRedirects: 0,
  });
  return observe(response, page, baseURL, true);
}

test("every page answers each actor as the matrix says", async () => {
  test.setTimeout(120_000);
  const failures: Failure[] = [];
  const cells = pageRows.flatMap((row) => ACTORS.map((actor) => ({ row, actor })));
  await inBatches(cells, 6, async ({ row, actor }) => {
    const observed = await requestPage(row, actor);
    if (!matches(row.expect[actor], observed, false)) failures.push(failureLine(rowName(row), actor, row.expect[actor], observed));
  });
  expect(failures.sort()).toEqual([]);
});

test("every route handler answers each actor as the matrix says, and a sign-out without its CSRF token ends nothing", async () => {
  const failures: Failure[] = [];
  const cells = handlerRows.flatMap((row) => ACTORS.map((actor) => ({ row, actor })));
  await inBatches(cells, 6, async ({ row, actor }) => {
    const observed = await requestHandler(row, actor);
    if (!matches(row.expect[actor], observed, false)) failures.push(failureLine(rowName(row), actor, row.expect[actor], observed));
  });
  expect(failures.sort()).toEqual([]);
  // every signed-in actor still holds a working session
  for (const actor of Object.keys(ACTOR_EMAILS) as SignedInActor[]) {
    expect((await contextOf(actor).get("/api/notifications/unread")).status(), `${actor}'s session`).toBe(200);
  }
});

test("the CVE-2025-29927 middleware-bypass header changes no page or route handler outcome", async () => {
  test.setTimeout(120_000);
  const failures: Failure[] = [];
  const actors: Actor[] = ["client", "signedOut"];
  const cells = [...pageRows, ...handlerRows].flatMap((row) => actors.map((actor) => ({ row, actor })));
  await inBatches(cells, 6, async ({ row, actor }) => {
    const observed = row.kind === "page" ? await requestPage(row, actor, BYPASS) : await requestHandler(row, actor, BYPASS);
    if (!matches(row.expect[actor], observed, false)) {
      failures.push(failureLine(rowName(row), actor, row.expect[actor], observed, " with x-middleware-subrequest"));
    }
  });
  expect(failures.sort()).toEqual([]);
});

test("every server action answers each actor as the matrix says, and the refused ones change nothing", async () => {
  test.setTimeout(120_000);
  const rows = actionRows.filter((row) => !row.endsSession);
  // each action is posted to a page that renders it (else Next would forward it elsewhere)
  const misplaced = actionRows.flatMap((row) =>
    [row.page, row.clientPage]
      .filter((page) => page !== undefined)
      .map((page) => page(fixtures))
      .filter((page) => !actionOf(row).pages.some((pattern) => pattern.test(page)))
      .map((page) => `${rowName(row)} is not rendered by ${page}`),
  );
  expect(misplaced).toEqual([]);

  // the throwaway records the allowed cells act on
  const cells: { row: ActionRow; actor: Actor; own: string | undefined }[] = [];
  for (const row of rows) {
    for (const actor of ACTORS) {
      const own =
        row.scratch && row.expect[actor] === "ok" ? await createScratch(row.scratch, fixtures.acme.companyId, fixtures.acme.plan.id) : undefined;
      cells.push({ row, actor, own });
    }
  }

  const before = await realState(startedAt, fixtures.acme.companyId);
  const failures: Failure[] = [];
  await inBatches(cells, 6, async ({ row, actor, own }) => {
    const observed = await postAction(row, actor, own);
    if (!matches(row.expect[actor], observed, true)) failures.push(failureLine(rowName(row), actor, row.expect[actor], observed));
    // whatever the table says, a signed-out POST never succeeds
    if (actor === "signedOut" && observed.result === "ok") failures.push(`${rowName(row)} succeeded signed out`);
  });
  expect.soft(failures.sort()).toEqual([]);
  expect(await realState(startedAt, fixtures.acme.companyId), "Acme's records after the refused actions").toEqual(before);
});

test("an action that middleware keeps from an actor is not run when posted to a page of the actor's own area", async () => {
  test.setTimeout(120_000);
  // Next forwards an action that the page does not render to a page that does, with the
  // caller's cookies: that request meets middleware again and must be stopped there.
  const home: Record<Actor, string> = {
    signedOut: "/login",
    client: "/dashboard",
    clientOther: "/dashboard",
    se: "/admin",
    seOther: "/admin",
    admin: "/admin",
  };
  // the control: forwarding works here (an admin's unchanged settings, posted at /admin, are saved)
  const settings = actionRows.find((row) => row.name === "updatePlatformSettingsAction");
  if (!settings) throw new Error("the matrix has no platform settings row");
  const control = await postAction(settings, "admin", undefined, "/admin");
  expect(control.result, `forwarded control: ${control.detail}`).toBe("ok");

  const cells = actionRows
    .filter((row) => !row.endsSession)
    .flatMap((row) => ACTORS.filter((actor) => String(row.expect[actor]).startsWith("redirect:")).map((actor) => ({ row, actor })));
  const before = await realState(startedAt, fixtures.acme.companyId);
  const failures: Failure[] = [];
  await inBatches(cells, 6, async ({ row, actor }) => {
    const observed = await postAction(row, actor, undefined, home[actor]);
    // no result at all (the action never ran), or a refusal before any input was looked at
    if (observed.result !== null && observed.result !== "401" && observed.result !== "403") {
      failures.push(`${rowName(row)} as ${actor} posted at ${home[actor]}: ran, answering ${observed.result} (${observed.detail})`);
    }
  });
  expect.soft(failures.sort()).toEqual([]);
  expect(await realState(startedAt, fixtures.acme.companyId), "Acme's records after the forwarded actions").toEqual(before);
});

test("signing out answers each actor as the matrix says and ends the session on the server", async () => {
  const failures: Failure[] = [];
  for (const row of actionRows.filter((candidate) => candidate.endsSession)) {
    await Promise.all(
      ACTORS.map(async (actor) => {
        // the session cookie as it was, to replay after the sign-out
        const state = await contextOf(actor).storageState();
        const observed = await postAction(row, actor, undefined);
        if (!matches(row.expect[actor], observed, true)) failures.push(failureLine(rowName(row), actor, row.expect[actor], observed));
        if (actor === "signedOut") return;
        const replay = await playwrightRequest.newContext({ baseURL, storageState: state });
        const status = (await replay.get("/api/notifications/unread")).status();
        await replay.dispose();
        if (status !== 401) failures.push(`${rowName(row)} as ${actor}: the old session cookie still works (${status})`);
      }),
    );
  }
  expect(failures.sort()).toEqual([]);
});
