// Every page of both areas, as the benchmark requests them: the list pages and one of each
// detail page (a company, a user, a workflow, a run, an invoice, a plan, a connection, an
// alert). A detail page's id is looked up per signed-in user, so each client opens its own
// company's workflow, run and invoice (another company's would answer 404).
import { randomBytes } from "node:crypto";
import type postgres from "postgres";

export type BenchUser = { email: string; cookie: string; role: "admin" | "se" | "client"; companyId: string | null };

export type BenchPage = {
  /** the route as the table shows it, e.g. `/admin/companies/[id]` */
  route: string;
  area: "staff" | "client";
  /** staff pages only admins may open (an SE is redirected) */
  adminOnly?: boolean;
  /** the path this user requests */
  pathFor: (user: BenchUser) => string;
};

type CompanyIds = {
  workflowId: string;
  runId: string;
  invoiceId: string;
  alertId: string;
  connectionId: string;
  clientUserId: string;
};

/**
 * Ids the detail pages need, from the bench database, per company. Each client opens its own
 * company's; staff open a company in their scope (an admin the first client's company, an SE
 * the first demo company assigned to them). An alert and an engine connection are added
 * where there is none, so their pages have something to show.
 */
export async function benchPages(sql: postgres.Sql, users: BenchUser[]): Promise<BenchPage[]> {
  const firstClientCompany = users.find((user) => user.role === "client")?.companyId;
  if (!firstClientCompany) throw new Error("the benchmark needs a signed-in client");
  const staffCompany = new Map<string, string>();
  for (const user of users) {
    if (user.role === "admin") staffCompany.set(user.email, firstClientCompany);
    if (user.role !== "se") continue;
    const [assigned] = await sql<{ id: string }[]>`
      SELECT c.id FROM companies c JOIN users u ON u.id = c.assigned_se_id
      WHERE u.email = ${user.email} AND EXISTS (SELECT 1 FROM invoices i WHERE i.company_id = c.id)
        AND EXISTS (SELECT 1 FROM users client WHERE client.company_id = c.id)
      ORDER BY c.created_at, c.name LIMIT 1`;
    if (!assigned) throw new Error(`${user.email} has no assigned company with invoices and clients`);
    staffCompany.set(user.email, assigned.id);
  }
  const companyIds = new Set([...staffCompany.values(), ...users.flatMap((user) => (user.companyId ? [user.companyId] : []))]);
  const perCompany = new Map<string, CompanyIds>();
  for (const companyId of companyIds) perCompany.set(companyId, await companyFixtures(sql, companyId));

  const [plan] = await sql<{ id: string }[]>`SELECT id FROM plans ORDER BY base_price_cents LIMIT 1`;
  if (!plan) throw new Error("the bench database has no plan");
  const idsOf = (companyId: string | null | undefined, who: string): CompanyIds => {
    const ids = companyId ? perCompany.get(companyId) : undefined;
    if (!ids) throw new Error(`${who} has no company for the detail pages`);
    return ids;
  };
  const own = (user: BenchUser) => idsOf(user.companyId, user.email);
  const scoped = (user: BenchUser) => idsOf(staffCompany.get(user.email), user.email);
  const companyOf = (user: BenchUser) => staffCompany.get(user.email) ?? "";
  const staff = (route: string, pathFor: (user: BenchUser) => string = () => route): BenchPage => ({ route, area: "staff", pathFor });
  const adminOnly = (route: string, pathFor: (user: BenchUser) => string = () => route): BenchPage => ({ ...staff(route, pathFor), adminOnly: true });
  const clientPage = (route: string, pathFor: (user: BenchUser) => string = () => route): BenchPage => ({ route, area: "client", pathFor });

  return [
    staff("/admin"),
    staff("/admin/companies"),
    staff("/admin/companies/[id]", (user) => `/admin/companies/${companyOf(user)}`),
    adminOnly("/admin/companies/new"),
    staff("/admin/companies/[id]/connections/[connectionId]", (user) => `/admin/companies/${companyOf(user)}/connections/${scoped(user).connectionId}`),
    staff("/admin/users"),
    staff("/admin/users/[id]", (user) => `/admin/users/${scoped(user).clientUserId}`),
    staff("/admin/users/new"),
    staff("/admin/workflows"),
    staff("/admin/workflows/[id]", (user) => `/admin/workflows/${scoped(user).workflowId}`),
    staff("/admin/workflows/new"),
    staff("/admin/executions"),
    staff("/admin/executions/[id]", (user) => `/admin/executions/${scoped(user).runId}`),
    staff("/admin/alerts"),
    staff("/admin/alerts/[id]", (user) => `/admin/alerts/${scoped(user).alertId}`),
    staff("/admin/billing"),
    staff("/admin/billing/invoices/[id]", (user) => `/admin/billing/invoices/${scoped(user).invoiceId}`),
    adminOnly("/admin/billing/plans/[id]", () => `/admin/billing/plans/${plan.id}`),
    adminOnly("/admin/billing/plans/new"),
    staff("/admin/audit"),
    staff("/admin/notifications"),
    adminOnly("/admin/mailbox"),
    adminOnly("/admin/settings"),
    staff("/admin/profile"),
    clientPage("/dashboard"),
    clientPage("/workflows"),
    clientPage("/workflows/[id]", (user) => `/workflows/${own(user).workflowId}`),
    clientPage("/workflows/[id]/runs/[runId]", (user) => `/workflows/${own(user).workflowId}/runs/${own(user).runId}`),
    clientPage("/reports"),
    clientPage("/billing"),
    clientPage("/billing/invoices/[id]", (user) => `/billing/invoices/${own(user).invoiceId}`),
    clientPage("/credentials"),
    clientPage("/notifications"),
    clientPage("/settings"),
  ];
}

async function companyFixtures(sql: postgres.Sql, companyId: string): Promise<CompanyIds> {
  const [row] = await sql<{ workflow_id: string; run_id: string | null; invoice_id: string | null; client_user_id: string | null }[]>`
    SELECT w.id AS workflow_id,
           (SELECT e.id FROM workflow_executions e WHERE e.workflow_id = w.id
             ORDER BY e.started_at DESC, e.id DESC LIMIT 1) AS run_id,
           (SELECT i.id FROM invoices i WHERE i.company_id = ${companyId} AND i.status <> 'draft'
             ORDER BY i.month DESC LIMIT 1) AS invoice_id,
           (SELECT u.id FROM users u WHERE u.company_id = ${companyId} ORDER BY u.email LIMIT 1) AS client_user_id
    FROM workflows w WHERE w.company_id = ${companyId} AND w.status = 'active'
    ORDER BY w.name LIMIT 1`;
  if (!row?.run_id || !row.invoice_id || !row.client_user_id) {
    throw new Error(`company ${companyId} lacks a workflow with runs, an invoice or a client for the detail pages`);
  }
  return {
    workflowId: row.workflow_id,
    runId: row.run_id,
    invoiceId: row.invoice_id,
    clientUserId: row.client_user_id,
    alertId: await ensureAlert(sql, companyId, row.workflow_id),
    connectionId: await ensureConnection(sql, companyId),
  };
}

async function ensureAlert(sql: postgres.Sql, companyId: string, workflowId: string): Promise<string> {
  const [existing] = await sql<{ id: string }[]>`SELECT id FROM alerts WHERE company_id = ${companyId} ORDER BY opened_at DESC LIMIT 1`;
  if (existing) return existing.id;
  const [created] = await sql<{ id: string }[]>`
    INSERT INTO alerts (company_id, workflow_id, condition, summary, opened_at)
    VALUES (${companyId}, ${workflowId}, 'failing', 'Failed 6 of its last 10 runs (benchmark fixture)', now() - interval '2 hours')
    RETURNING id`;
  if (!created) throw new Error("could not add the benchmark's alert");
  await sql`INSERT INTO alert_events (alert_id, company_id, kind, at) VALUES (${created.id}, ${companyId}, 'opened', now() - interval '2 hours')`;
  return created.id;
}

/** A connection row for its page; the key is random bytes the page never decrypts (it shows the hint). */
async function ensureConnection(sql: postgres.Sql, companyId: string): Promise<string> {
  const [existing] = await sql<{ id: string }[]>`SELECT id FROM engine_connections WHERE company_id = ${companyId} LIMIT 1`;
  if (existing) return existing.id;
  const [created] = await sql<{ id: string }[]>`
    INSERT INTO engine_connections (company_id, name, base_url, api_key_ciphertext, api_key_nonce, api_key_auth_tag, key_version, api_key_hint, status, next_sync_at)
    VALUES (${companyId}, 'Benchmark n8n', 'https://n8n.example.com', ${randomBytes(48)}, ${randomBytes(12)}, ${randomBytes(16)}, 1, '…f00d', 'paused', now() + interval '1 year')
    RETURNING id`;
  if (!created) throw new Error("could not add the benchmark's connection");
  return created.id;
}

/**
 * Two more admins beside the seeded one, with the demo password, so admin-only pages are
 * measured with three different users like the others.
 */
export async function ensureBenchAdmins(sql: postgres.Sql, seededAdminEmail: string): Promise<string[]> {
  const emails = ["bench-admin-2@nexus.example.com", "bench-admin-3@nexus.example.com"];
  for (const [index, email] of emails.entries()) {
    await sql`
      INSERT INTO users (name, email, role, password_hash)
      SELECT ${`Bench Admin ${index + 2}`}, ${email}, 'admin', u.password_hash FROM users u WHERE u.email = ${seededAdminEmail}
      ON CONFLICT (email) DO NOTHING`;
  }
  return emails;
}
