// Realtime (PRODUCT.md §6) in real browsers: runs reported through the ingestion API show
// up live on the client's dashboard and the admin run log; a failed run raises the bell,
// and later failures of the same workflow grow that one notification live (issue 22);
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

/**
 * Marks everything read from the notification center, as a user would: a failure then
 * starts a new notification instead of joining one an earlier test left unread.
 */
async function caughtUp(page: Page) {
  await page.goto("/notifications");
  const markAll = page.getByRole("button", { name: "Mark all read" });
  if ((await markAll.count()) > 0) {
    await markAll.click();
    await expect(page.getByRole("link", { name: "Unread (0)" })).toBeVisible();
  }
}

test("a reported run appears live on the client's dashboard and the admin run log; a failure rings the bell", async ({ browser, request }) => {
  const clientContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const client = await clientContext.newPage();
  const admin = await adminContext.newPage();
  await signIn(client, DEMO.client);
  await signIn(admin, DEMO.admin);
  await caughtUp(client);
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

test("failures of one workflow grow one notification live: the bell counts it once, its toast and the notification center show the count", async ({ page, request }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO.client);
  await caughtUp(page);
  await connected(page);
  await expect(page.getByTestId("unread-count")).toHaveCount(0);

  const stamp = Date.now();
  const toast = page.getByTestId("notification-toast").filter({ hasText: "Shipment status sync failed" });
  for (let index = 1; index <= 5; index += 1) {
    const response = await report(request, { externalId: `e2e-burst-${stamp}-${index}`, status: "failed", errorMessage: `E2E burst ${stamp} #${index}` });
    expect(response.status()).toBe(201);
    // each failure reaches the open page: the same toast, its count raised
    await expect(toast).toHaveAttribute("data-count", String(index), { timeout: 3_000 });
    await expect(page.getByTestId("unread-count")).toHaveText("1");
  }
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(/Shipment status sync failed 5 times since \d\d:\d\d UTC/);
  await expect(toast).toContainText(`Last error: E2E burst ${stamp} #5`);

  // the notification center re-renders live: one entry, at the top, with the count
  const id = await toast.getAttribute("data-notification-id");
  const entry = page.getByTestId("notification-list").locator(`[data-notification-id="${id}"]`);
  await expect(entry).toHaveAttribute("data-count", "5", { timeout: 5_000 });
  await expect(page.getByTestId("notification-list").locator("li").first()).toHaveAttribute("data-notification-id", id ?? "");
  await expect(entry).toContainText(`Last error: E2E burst ${stamp} #5`);
  const rows = await sql<{ count: number }[]>`SELECT count FROM notifications WHERE id = ${id ?? ""}`;
  expect(rows).toEqual([{ count: 5 }]);
});

test("with the realtime server down, ingestion still answers 201, and the catch-up after reconnecting shows the group once", async ({ page, request }) => {
  test.setTimeout(60_000);
  await signIn(page, DEMO.client);
  await caughtUp(page);
  await page.goto("/workflows");
  await connected(page);
  const unreadBefore = await unreadCount(page);

  expect((await fetch(`${CONTROL}/realtime/stop`, { method: "POST" })).status).toBe(204);
  await expect(page.locator("html")).not.toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });

  // three failures while the page is offline: one notification that counts them
  const stamp = Date.now();
  const message = `E2E outage ${stamp} #3`;
  for (let index = 1; index <= 3; index += 1) {
    const response = await report(request, { externalId: `e2e-outage-${stamp}-${index}`, status: "failed", errorMessage: `E2E outage ${stamp} #${index}` });
    expect(response.status()).toBe(201);
  }
  const stored = await sql<{ id: string; count: number }[]>`SELECT id, count FROM notifications WHERE body = ${message}`;
  expect(stored).toEqual([{ id: expect.any(String), count: 3 }]);
  await expect(page.getByTestId("notification-toast")).toHaveCount(0);

  expect((await fetch(`${CONTROL}/realtime/start`, { method: "POST" })).status).toBe(204);
  await connected(page);
  const toast = page.getByTestId("notification-toast").filter({ hasText: message });
  await expect(toast).toHaveCount(1, { timeout: 5_000 });
  await expect(toast).toHaveAttribute("data-count", "3");
  await expect(page.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1));
  // nothing arrives twice, however the catch-up and any late event interleave
  await page.waitForTimeout(1_500);
  await expect(toast).toHaveCount(1);
  await expect(page.getByTestId("unread-count")).toHaveText(String(unreadBefore + 1));

  await page.goto("/notifications");
  await expect(page.getByText(`Last error: ${message}`)).toHaveCount(1);
});
