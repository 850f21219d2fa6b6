// A page for every run (issue 17): staff find a run in the run log by the engine's own id
// and read its whole error; a client opens the same run from their workflow page; the
// n8n link points at the execution in n8n; a run still running fails, then succeeds, on
// screen, each change added to its status history live; another company's run answers 404
// exactly like a missing one.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

const sql = e2eDatabase();
const stamp = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
// n8n execution ids are increasing integers; these are unique to this run of the spec
const base = 100_000 + (Date.now() % 800_000);
const ids = { older: `n8n-${base}`, failed: `n8n-${base + 1}`, running: `n8n-${base + 2}` };
const n8nWorkflowId = `RunPage${stamp}`.slice(0, 16);
const workflowName = `E2E run page ${stamp}`;
// long, on several lines, with characters HTML would mangle: the page must show all of it
const errorMessage = [
  `NodeApiError: The service refused the connection - perhaps it is offline (run ${stamp})`,
  "    at HttpRequestV3.execute (/usr/lib/node_modules/n8n/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js:1655:33)",
  "    at WorkflowExecute.runNode (/usr/lib/node_modules/n8n/node_modules/n8n-core/dist/execution-engine/workflow-execute.js:696:27)",
  `request: POST https://api.example.com/v2/shipments?batch=<all>&retry="3" ${"x".repeat(300)}`,
].join("\n");

let apiKey = "";
let workflowId = "";
let acmeId = "";

test.beforeAll(async ({ request }) => {
  const [acme] = await sql<{ id: string }[]>`SELECT id FROM companies WHERE name = 'Acme Logistics'`;
  if (!acme) throw new Error("Acme Logistics is missing");
  acmeId = acme.id;
  // an Acme workflow fed by an n8n connection (paused: the worker never syncs it)
  const [workflow] = await sql<{ id: string }[]>`
    INSERT INTO workflows (company_id, name, platform, status) VALUES (${acmeId}, ${workflowName}, 'n8n', 'active') RETURNING id`;
  workflowId = workflow?.id ?? "";
  const [connection] = await sql<{ id: string }[]>`
    INSERT INTO engine_connections (company_id, name, base_url, api_key_ciphertext, api_key_nonce, api_key_auth_tag, key_version, api_key_hint, status)
    VALUES (${acmeId}, ${`E2E run page ${stamp}`}, 'https://n8n.acme.example.com/', ${randomBytes(16)}, ${randomBytes(12)}, ${randomBytes(16)}, 1, '0000', 'paused')
    RETURNING id`;
  await sql`
    INSERT INTO connection_workflows (connection_id, company_id, external_workflow_id, external_name, workflow_id)
    VALUES (${connection?.id ?? ""}, ${acmeId}, ${n8nWorkflowId}, ${workflowName}, ${workflowId})`;
  apiKey = `nxk_${randomBytes(24).toString("base64url")}`;
  await sql`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
            VALUES (${acmeId}, ${`e2e runs ${stamp}`}, ${apiKey.slice(0, 12)}, ${createHash("sha256").update(apiKey).digest("hex")})`;

  const minute = 60_000;
  const start = Date.now() - 10 * minute;
  await report(request, { externalId: ids.older, status: "succeeded", startedAt: start, finishedAt: start + 40_000 });
  await report(request, { externalId: ids.failed, status: "failed", startedAt: start + minute, finishedAt: start + minute + 95_000, errorMessage });
  await report(request, { externalId: ids.running, status: "running", startedAt: start + 2 * minute });
});

test.afterAll(async () => {
  await sql.end();
});

async function report(
  request: APIRequestContext,
  run: { externalId: string; status: string; startedAt: number; finishedAt?: number; errorMessage?: string },
) {
  const response = await request.post("/api/v1/executions", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: {
      workflowId,
      externalId: run.externalId,
      status: run.status,
      startedAt: new Date(run.startedAt).toISOString(),
      ...(run.finishedAt ? { finishedAt: new Date(run.finishedAt).toISOString() } : {}),
      ...(run.errorMessage ? { errorMessage: run.errorMessage } : {}),
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

async function runIdOf(externalId: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM workflow_executions WHERE workflow_id = ${workflowId} AND external_id = ${externalId}`;
  if (!row) throw new Error(`run ${externalId} is missing`);
  return row.id;
}

async function expectFailedRunPage(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: `Run of ${workflowName}` })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Failed");
  // the whole message, line breaks included, not a truncated cell
  await expect(page.getByTestId("run-error")).toHaveText(errorMessage, { useInnerText: true });
  await expect(page.getByTestId("run-duration")).toHaveText("1 min 35 s");
  await expect(page.getByTestId("engine-link")).toHaveAttribute(
    "href",
    `https://n8n.acme.example.com/workflow/${n8nWorkflowId}/executions/${base + 1}`,
  );
  await expect(page.getByTestId("run-history")).toContainText("Finished, failed");
}

test("staff find a run by the engine's id in the run log and read its whole error", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, DEMO.se);
  await page.goto("/admin/executions");
  // n8n shows the bare execution id: that finds the n8n-<id> run
  await page.getByRole("searchbox", { name: "Engine's run id" }).fill(String(base + 1));
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`run=${base + 1}`));
  const rows = page.getByTestId("executions-rows").locator("tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(workflowName);

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(`/admin/executions/${await runIdOf(ids.failed)}`);
  await expectFailedRunPage(page);
  await expect(page.getByText("Acme Logistics", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Copy error" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(errorMessage);

  // the neighbours: the run before it, and back
  await page.getByRole("link", { name: /Previous run/ }).click();
  await expect(page).toHaveURL(`/admin/executions/${await runIdOf(ids.older)}`);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  await page.getByRole("link", { name: /Next run/ }).click();
  await expect(page).toHaveURL(`/admin/executions/${await runIdOf(ids.failed)}`);
});

test("an engine id that matches nothing says so", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/executions?run=no-such-run-${stamp}`);
  await expect(page.getByRole("heading", { name: `No run with the engine's id no-such-run-${stamp}` })).toBeVisible();
});

test("a client opens a failed run from their workflow page and reads its whole error", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.goto(`/workflows/${workflowId}`);
  const failedId = await runIdOf(ids.failed);
  await page.locator(`tr[data-execution-id="${failedId}"]`).getByRole("link").click();
  await expect(page).toHaveURL(`/workflows/${workflowId}/runs/${failedId}`);
  await expectFailedRunPage(page);
  // no company line for clients: it is their own
  await expect(page.getByText("Company", { exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: workflowName }).first().click();
  await expect(page).toHaveURL(`/workflows/${workflowId}`);
});

test("a run still running finishes on screen without a reload, each later change added to its history", async ({ page, request }) => {
  const runningId = await runIdOf(ids.running);
  await signIn(page, DEMO.client);
  await page.goto(`/workflows/${workflowId}/runs/${runningId}`);
  await expect(page.getByTestId("run-status")).toHaveText("Running");
  await expect(page.getByTestId("run-duration")).toHaveText("Still running");
  const reports = page.getByTestId("run-history").locator("li").filter({ hasText: /reported to Nexus|Changed by a report/ });
  await expect(reports).toHaveText([/First reported to Nexus, running/]);
  await expect(page.locator("html")).toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });

  // the engine reports a failure, then (a retry in the engine) a success that finished later
  const [stored] = await sql<{ startedAt: Date }[]>`SELECT started_at AS "startedAt" FROM workflow_executions WHERE id = ${runningId}`;
  const startedAt = stored?.startedAt.getTime() ?? Date.now();
  await report(request, { externalId: ids.running, status: "failed", startedAt, finishedAt: startedAt + 5_000, errorMessage: "Timed out" });
  await expect(page.getByTestId("run-status")).toHaveText("Failed", { timeout: 10_000 });
  await expect(reports).toHaveText([/First reported to Nexus, running/, /Changed by a report: now failed/]);

  await report(request, { externalId: ids.running, status: "succeeded", startedAt, finishedAt: startedAt + 12_000 });
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 10_000 });
  await expect(reports).toHaveText([/First reported to Nexus, running/, /Changed by a report: now failed/, /Changed by a report: now succeeded/]);
  await expect(page.getByTestId("run-duration")).toHaveText("12 s");

  // the same report again changes nothing: no fourth entry after a reload
  await report(request, { externalId: ids.running, status: "succeeded", startedAt, finishedAt: startedAt + 12_000 });
  await page.reload();
  await expect(reports).toHaveCount(3);
});

test("another company's run answers 404, like a missing one", async ({ page }) => {
  const [other] = await sql<{ id: string; workflowId: string }[]>`
    SELECT e.id, e.workflow_id AS "workflowId" FROM workflow_executions e JOIN companies c ON c.id = e.company_id
    WHERE c.name = 'Copperleaf Realty' ORDER BY e.started_at DESC LIMIT 1`;
  if (!other) throw new Error("Copperleaf Realty has no run");
  const missing = "00000000-0000-4000-8000-000000000000";

  await signIn(page, DEMO.client);
  for (const path of [
    `/workflows/${other.workflowId}/runs/${other.id}`,
    // their own workflow's URL with another company's run id
    `/workflows/${workflowId}/runs/${other.id}`,
    `/workflows/${workflowId}/runs/${missing}`,
    `/workflows/${workflowId}/runs/not-an-id`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // a run of another of their own workflows under this one's URL: also not here
  const [otherAcmeRun] = await sql<{ id: string }[]>`
    SELECT id FROM workflow_executions WHERE company_id = ${acmeId} AND workflow_id <> ${workflowId} LIMIT 1`;
  expect((await page.goto(`/workflows/${workflowId}/runs/${otherAcmeRun?.id}`))?.status()).toBe(404);

  // an SE without Acme: 404 on Acme's run; Copperleaf's SE would see it
  await page.context().clearCookies();
  await signIn(page, "priya@nexus.example.com");
  expect((await page.goto(`/admin/executions/${await runIdOf(ids.failed)}`))?.status()).toBe(404);
  expect((await page.goto(`/admin/executions/${other.id}`))?.status()).toBe(200);
});

test("the app's icons, manifest and robots.txt are served to anyone", async ({ request }) => {
  for (const [path, type] of [
    ["/favicon.ico", "image/"],
    ["/favicon.svg", "image/svg+xml"],
    ["/favicon-32.png", "image/png"],
    ["/apple-touch-icon.png", "image/png"],
    ["/icon-192.png", "image/png"],
    ["/manifest.webmanifest", "application/manifest+json"],
    ["/robots.txt", "text/plain"],
  ] as const) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain(type);
  }
  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as { name: string; theme_color: string };
  expect(manifest).toMatchObject({ name: "Nexus", theme_color: "#4338ca" });
  expect(await (await request.get("/robots.txt")).text()).toContain("Disallow: /");
});
