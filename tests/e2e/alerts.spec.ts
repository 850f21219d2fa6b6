// Alerts (issue 15, PRODUCT.md §5) in real browsers, end to end through the job worker the
// e2e server runs (its cron ticks every minute): an admin sets an expectation on a fresh
// Acme workflow, the alert opens live on the admin dashboard, the admin acknowledges it,
// Acme's client sees that the agency is on it, a run through the ingestion API resolves it
// live, and the alert email is in the development mailbox. Axe scans the new pages.
import AxeBuilder from "@axe-core/playwright";
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

// Deterministic by construction (it waits for the worker's ticks, never for luck): a
// retry would only hide a real failure.
test.describe.configure({ retries: 0 });

const sql = e2eDatabase();
/** Two evaluator ticks at most: the worker's cron fires each minute, and polls every 2 s. */
const TICK_TIMEOUT = 90_000;

test.afterAll(async () => {
  await sql.end();
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** The page's realtime connection is up (pusher-js connects a second after load). */
async function connected(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });
}

test("a late workflow alerts live, is acknowledged, shows the client the agency is on it, resolves live after a run, and mails staff", async ({ browser, request }) => {
  test.setTimeout(300_000);
  const stamp = `${Date.now()}`;
  const name = `E2E alert watch ${stamp}`;
  const [acme] = await sql<{ id: string }[]>`SELECT id FROM companies WHERE name = 'Acme Logistics'`;
  if (!acme) throw new Error("the seeded company Acme Logistics is missing");

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);

  // a fresh Acme workflow, made through the UI: it has no runs, so nothing but the
  // expectation decides when it is late
  await admin.goto("/admin/workflows/new");
  await admin.getByLabel("Company").selectOption({ label: "Acme Logistics" });
  await admin.getByRole("textbox", { name: "Name" }).fill(name);
  await admin.getByRole("button", { name: "Create workflow" }).click();
  await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
  const workflowId = admin.url().split("/").pop() ?? "";
  expect(workflowId).toMatch(/^[0-9a-f-]{36}$/);

  // the expectation form: prefilled with the suggestion for a scheduled workflow, then
  // every 5 minutes, no grace, no failure rule; the preview follows as it is typed
  const form = admin.getByTestId("expectation-form");
  const preview = admin.getByTestId("expectation-preview");
  await expect(form.getByLabel("Expected to run")).toHaveValue("interval");
  await expect(form.getByRole("textbox", { name: "Every" })).toHaveValue("1");
  await expect(form.getByLabel("Unit")).toHaveValue("days");
  await form.getByRole("textbox", { name: "Every" }).fill("5");
  await form.getByLabel("Unit").selectOption("minutes");
  await form.getByRole("textbox", { name: "Grace period (minutes)" }).fill("0");
  await form.getByRole("textbox", { name: "Failures in a row" }).fill("");
  await form.getByRole("textbox", { name: "Failure rate above (%)" }).fill("");
  await expect(preview).toContainText("Alerts when no run has started for 5 minutes (every 5 minutes, plus 0 minutes of grace).");
  await expect(preview).toContainText("Never alerts for failures.");
  await form.getByRole("textbox", { name: "Every" }).fill("2");
  await expect(preview).toContainText("Every: enter how often it should run, at least every 5 minutes.");
  await form.getByRole("textbox", { name: "Every" }).fill("5");
  await form.getByRole("button", { name: "Save expectations" }).click();
  await expect(form.getByTestId("form-success")).toContainText("Saved. Alerts when no run has started for 5 minutes");
  expect((await seriousViolations(admin)).join("\n")).toBe("");

  // Lateness counts from when the cadence was saved, never from before: move that back
  // past the five minutes instead of waiting them out.
  await sql`UPDATE workflow_expectations SET since = now() - interval '10 minutes' WHERE workflow_id = ${workflowId}`;

  // the alert opens at the worker's next tick and appears on the dashboard without a reload
  await admin.goto("/admin");
  await connected(admin);
  const tileRow = admin.getByTestId("open-alerts-list").locator(`[data-workflow-id="${workflowId}"]`);
  await expect.poll(() => tileRow.count(), { timeout: TICK_TIMEOUT, intervals: [1_000] }).toBe(1);
  await expect(tileRow).toContainText("Late");
  await expect(tileRow).toContainText("Open");
  const [alert] = await sql<{ id: string }[]>`SELECT id FROM alerts WHERE workflow_id = ${workflowId} AND state <> 'resolved'`;
  if (!alert) throw new Error("no active alert for the workflow");

  // the alerts list, filtered to active ones, then the alert's page
  await admin.goto("/admin/alerts?state=active");
  await expect(admin.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const listRow = admin.getByTestId("alerts-rows").locator(`[data-alert-id="${alert.id}"]`);
  await expect(listRow).toContainText("Acme Logistics");
  await expect(listRow).toContainText(`${name} has not run since its schedule was set.`);
  expect((await seriousViolations(admin)).join("\n")).toBe("");
  await listRow.getByRole("link", { name }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `${name} is late` })).toBeVisible();
  expect((await seriousViolations(admin)).join("\n")).toBe("");

  await admin.getByLabel("Note for staff (optional)").fill("E2E: checking the trigger");
  await admin.getByRole("button", { name: "Acknowledge" }).click();
  // the form gives way to the acknowledgement once the page re-reads the alert
  await expect(admin.getByTestId("acknowledged")).toHaveText("Acknowledged: the client sees that you are on it.");
  await expect(admin.getByTestId("alert-state")).toHaveText("Acknowledged");
  const timeline = admin.getByTestId("alert-timeline");
  await expect(timeline.locator('[data-kind="acknowledged"]')).toContainText("by Ada Lovelace");
  await expect(timeline.locator('[data-kind="acknowledged"]')).toContainText("E2E: checking the trigger");

  // the client sees the workflow late, in words, and that the agency is on it; never the note
  const clientContext = await browser.newContext();
  const client = await clientContext.newPage();
  await signIn(client, DEMO.client);
  await client.goto("/workflows");
  const clientRow = client.locator(`tr[data-workflow-id="${workflowId}"]`);
  await expect(clientRow.getByTestId("workflow-health")).toContainText(`${name} has not started a run on schedule yet — your agency is on it.`);
  await client.goto(`/workflows/${workflowId}`);
  await expect(client.getByTestId("workflow-health")).toContainText("your agency is on it");
  await expect(client.getByText("E2E: checking the trigger")).toHaveCount(0);
  await expect(client.getByText("Ada Lovelace")).toHaveCount(0);
  await client.goto("/dashboard");
  await connected(client);
  const clientHealth = client.getByTestId("workflow-health-list").locator(`[data-workflow-id="${workflowId}"]`);
  await expect(clientHealth).toHaveAttribute("data-health", "late");
  await expect(clientHealth).toContainText("your agency is on it");

  // a run through the ingestion API: the next tick resolves the alert, live on both screens
  const apiKey = `nxk_${randomBytes(24).toString("base64url")}`;
  await sql`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
            VALUES (${acme.id}, ${`e2e alerts ${stamp}`}, ${apiKey.slice(0, 12)}, ${createHash("sha256").update(apiKey).digest("hex")})`;
  await admin.goto(`/admin/alerts/${alert.id}`);
  await connected(admin);
  const now = new Date().toISOString();
  const ran = await request.post("/api/v1/executions", {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { workflowId, externalId: `e2e-alert-${stamp}`, status: "succeeded", startedAt: now, finishedAt: now },
  });
  expect(ran.status()).toBe(201);
  await expect.poll(() => admin.getByTestId("alert-overview").getAttribute("data-state"), { timeout: TICK_TIMEOUT, intervals: [1_000] }).toBe("resolved");
  await expect(timeline.locator('[data-kind="resolved"]')).toContainText(`${name} ran again.`);
  await expect(clientHealth).toHaveAttribute("data-health", "healthy", { timeout: 5_000 });

  // staff were told by email: the development mailbox kept it (no SMTP in the e2e server)
  await admin.goto("/admin/mailbox");
  await expect(admin.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  const mail = admin.getByTestId("mail").filter({ hasText: `Acme Logistics: ${name} is late` }).filter({ hasText: DEMO.admin });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(`/admin/alerts/${alert.id}`);

  // and the workflow stops being watched, so later specs meet no alerts of it
  await admin.goto(`/admin/workflows/${workflowId}`);
  await expect(admin.getByTestId("alert-history-empty")).toHaveCount(0);
  await form.getByLabel("Expected to run").selectOption("none");
  await expect(preview).toContainText("Never alerts for lateness.");
  await form.getByRole("button", { name: "Save expectations" }).click();
  await expect(form.getByTestId("form-success")).toContainText("Never alerts for lateness. Never alerts for failures.");

  await clientContext.close();
  await adminContext.close();
});
