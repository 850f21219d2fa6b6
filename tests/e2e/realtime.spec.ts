// Realtime (PRODUCT.md §6) in real browsers: runs reported through the ingestion API show
// up live on the client's dashboard and the admin run log; a failed run raises the bell;
// with the realtime server down, ingestion still succeeds and the page catches up, once,
// when it reconnects. Two browser contexts are two people signed in at once.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

const sql = e2eDatabase();
const CONTROL = `http://127.0.0.1:${process.env.E2E_CONTROL_PORT ?? 6102}`;
let apiKey = "";
let workflowId = "";
let companyId = "";

test.beforeAll(async () => {
  const [workflow] = await sql<{ id: string; companyId: string }[]>`
    SELECT id, company_id AS "companyId" FROM workflows WHERE name = 'Shipment status sync'`;
  if (!workflow) throw new Error("the seeded workflow 'Shipment status sync' is missing");
  workflowId = workflow.id;
  companyId = workflow.companyId;
  // An ingestion key made the way the app makes them: only its SHA-256 is stored.
  apiKey = `nxk_${randomBytes(24).toString("base64url")}`;
  const keyHash = createHash("sha256").update(apiKey).digest("hex");
  await sql`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
            VALUES (${companyId}, 'e2e realtime', ${apiKey.slice(0, 12)}, ${keyHash})`;
});

test.afterAll(async () => {
  await fetch(`${CONTROL}/realtime/start`, { method: "POST" });
  await sql.end();
});

function report(request: APIRequestContext, run: { externalId: string; status: string; errorMessage?: string }) {
  const now = new Date().toISOString();
  return request.post("/api/v1/executions", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: {
      workflowId,
      externalId: run.externalId,
      status: run.status,
      startedAt: now,
      ...(run.status === "running" ? {} : { finishedAt: now }),
      ...(run.errorMessage ? { errorMessage: run.errorMessage } : {}),
    },
  });
}

/** The page's realtime connection is up (pusher-js connects a second after load). */
async function connected(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });
}

async function unreadCount(page: Page): Promise<number> {
  const badge = page.getByTestId("unread-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("a reported run appears live on the client's dashboard and the admin run log; a failure rings the bell", async ({ browser, request }) => {
  const clientContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const client = await clientContext.newPage();
  const admin = await adminContext.newPage();
  await signIn(client, DEMO.client);
  await signIn(admin, DEMO.admin);
  await client.goto("/dashboard");
  await admin.goto("/admin/executions");
  await Promise.all([connected(client), connected(admin)]);
  const unreadBefore = await unreadCount(client);

  const externalId = `e2e-live-${Date.now()}`;
  const started = await report(request, { externalId, status: "running" });
  expect(started.status()).toBe(201);
  const { id } = (await started.json()) as { id: string };

  // within two seconds, without a reload
  await expect(client.getByTestId("running-now").locator(`[data-execution-id="${id}"]`)).toBeVisible({ timeout: 2_000 });
  const adminRow = admin.getByTestId("executions-rows").locator(`[data-execution-id="${id}"]`);
  await expect(adminRow).toBeVisible({ timeout: 2_000 });
  await expect(adminRow).toContainText("Running");

  const failed = await report(request, { externalId, status: "failed", errorMessage: "E2E: upstream timed out" });
  expect(failed.status()).toBe(200);
  await expect(adminRow).toContainText("Failed", { timeout: 2_000 });
  await expect(client.getByTestId("running-now").locator(`[data-execution-id="${id}"]`)).toHaveCount(0, { timeout: 2_000 });
  await expect(client.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1), { timeout: 2_000 });
  await expect(client.getByTestId("notification-toast").filter({ hasText: "Shipment status sync failed" })).toHaveCount(1);

  await client.goto("/notifications");
  await expect(client.getByText("E2E: upstream timed out")).toHaveCount(1);
  await clientContext.close();
  await adminContext.close();
});

test("with the realtime server down, ingestion still answers 201, and the notification shows exactly once after reconnecting", async ({ page, request }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO.client);
  await page.goto("/workflows");
  await connected(page);
  const unreadBefore = await unreadCount(page);

  expect((await fetch(`${CONTROL}/realtime/stop`, { method: "POST" })).status).toBe(204);
  await expect(page.locator("html")).not.toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });

  const message = `E2E outage ${Date.now()}`;
  const response = await report(request, { externalId: `e2e-outage-${Date.now()}`, status: "failed", errorMessage: message });
  expect(response.status()).toBe(201);
  const stored = await sql<{ id: string }[]>`SELECT id FROM notifications WHERE body = ${message}`;
  expect(stored.length).toBeGreaterThan(0);
  await expect(page.getByTestId("notification-toast")).toHaveCount(0);

  expect((await fetch(`${CONTROL}/realtime/start`, { method: "POST" })).status).toBe(204);
  await connected(page);
  const toast = page.getByTestId("notification-toast").filter({ hasText: message });
  await expect(toast).toHaveCount(1, { timeout: 5_000 });
  await expect(page.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1));
  // nothing arrives twice, however the catch-up and any late event interleave
  await page.waitForTimeout(1_500);
  await expect(toast).toHaveCount(1);

  await page.goto("/notifications");
  await expect(page.getByText(message)).toHaveCount(1);
});
