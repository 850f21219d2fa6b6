// n8n connections in a browser (PRODUCT.md §5, pulled engines): an admin tests a key (a
// wrong one is refused, the right one finds the workflows), connects, tracks an n8n
// workflow as a new Nexus workflow, and watches its history arrive through the job worker
// that the e2e server runs; the company's client then sees the imported runs. Also the
// connection's own controls, n8n failing to answer, and axe on both pages.
//
// n8n is tests/support/fake-n8n.ts, started here in the test process on 127.0.0.1 (the
// e2e server allows private addresses). Everything happens on a company made for this run,
// so no other spec's figures move, and afterAll removes its connections so nothing keeps
// syncing (and failing, and notifying staff) once the fake n8n is gone.
import AxeBuilder from "@axe-core/playwright";
import { hash } from "@node-rs/argon2";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed-data";
import { startFakeN8n, type FakeN8n } from "../support/fake-n8n";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

const sql = e2eDatabase();
const stamp = `${Date.now()}`;
const companyName = `Connections E2E ${stamp}`;
const clientEmail = `connections-${stamp}@e2e.example.com`;
const INVOICE_SYNC = { id: "wfInvoice0000001", name: "Invoice sync" };
const INVOICE_ERROR = "Invoice API answered 503 Service Unavailable";
// the job worker looks for due syncs every 5 s; a backfill needs one or two rounds
const SYNC_TIMEOUT_MS = 45_000;

let n8n: FakeN8n;
let companyId = "";

test.beforeAll(async () => {
  n8n = await startFakeN8n();
  n8n.addWorkflow({ id: INVOICE_SYNC.id, name: INVOICE_SYNC.name, active: true });
  n8n.addWorkflow({ id: "wfNewsletter0001", name: "Newsletter digest", active: false });
  const day = 24 * 60 * 60 * 1000;
  const now = Date.now();
  // six runs of Invoice sync over the last six days, two of them failed; three of an untracked workflow
  const invoiceRuns = ["success", "error", "success", "success", "error", "success"] as const;
  invoiceRuns.forEach((status, index) => {
    n8n.run(INVOICE_SYNC.id, status, {
      startedAt: new Date(now - (6 - index) * day + 60_000),
      seconds: 4,
      ...(status === "error" ? { errorMessage: INVOICE_ERROR } : {}),
    });
  });
  for (let index = 0; index < 3; index += 1) {
    n8n.run("wfNewsletter0001", "success", { startedAt: new Date(now - (3 - index) * day + 120_000) });
  }

  const [company] = await sql<{ id: string }[]>`
    INSERT INTO companies (name, industry, status) VALUES (${companyName}, 'Testing', 'active') RETURNING id`;
  if (!company) throw new Error("could not create the test company");
  companyId = company.id;
  await sql`
    INSERT INTO users (email, name, role, company_id, password_hash)
    VALUES (${clientEmail}, 'Connie Client', 'client', ${companyId}, ${await hash(DEMO_PASSWORD)})`;
});

test.afterAll(async () => {
  if (companyId) {
    // no connection may outlive the fake n8n: its failing syncs would notify staff during later specs
    await sql`DELETE FROM engine_connections WHERE company_id = ${companyId}`;
    await sql`UPDATE users SET active = false WHERE email = ${clientEmail}`;
    await sql`UPDATE companies SET status = 'archived', archived_at = now() WHERE id = ${companyId}`;
  }
  await n8n?.close();
  await sql.end();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** The company page's "n8n connections" card. */
function connectionsCard(page: Page): Locator {
  return page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "n8n connections" }) });
}

/** Fills the add form of the company page. */
async function fillNewConnection(page: Page, values: { name: string; baseUrl: string; apiKey: string }) {
  const card = connectionsCard(page);
  await card.getByLabel("Name").fill(values.name);
  await card.getByLabel("Base URL").fill(values.baseUrl);
  await card.getByLabel("API key").fill(values.apiKey);
}

/** Adds a connection from the company page and waits for its page. */
async function connect(page: Page, values: { name: string; baseUrl: string; apiKey: string }): Promise<string> {
  await page.goto(`/admin/companies/${companyId}`);
  await fillNewConnection(page, values);
  await connectionsCard(page).getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/companies/${companyId}/connections/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: "n8n connection" })).toBeVisible();
  return page.url().split("/").pop() ?? "";
}

test("an admin tests a key, connects n8n and tracks a workflow, and the client sees its imported runs", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/companies/${companyId}`);
  await expect(page.getByRole("heading", { level: 1, name: companyName })).toBeVisible();
  const card = connectionsCard(page);
  await expect(card.getByText("No n8n connections yet.")).toBeVisible();
  await expect(card.getByLabel("API key")).toHaveAttribute("type", "password");
  await expect(card.getByLabel("API key")).toHaveAttribute("autocomplete", "off");

  // a wrong key: n8n refuses it, and the answer is red
  await fillNewConnection(page, { name: "Production n8n", baseUrl: n8n.url, apiKey: "n8n_api_not_the_right_key_000000" });
  await card.getByRole("button", { name: "Test connection" }).click();
  const answer = card.getByTestId("connection-test-answer");
  await expect(answer).toContainText("refused the API key");
  await expect(answer).toHaveAttribute("data-connected", "false");

  // the right key: n8n answers with its two workflows; nothing is saved by a test
  await card.getByLabel("API key").fill(n8n.apiKey);
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(answer).toContainText("Connected");
  await expect(answer).toContainText("2 workflows");
  await expect(answer).toHaveAttribute("data-connected", "true");
  const [{ count } = { count: -1 }] = await sql<{ count: number }[]>`
    SELECT count(*)::int AS count FROM engine_connections WHERE company_id = ${companyId}`;
  expect(count).toBe(0);

  // connect: the connection's page opens, listing n8n's workflows, none tracked
  await card.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/companies/${companyId}/connections/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: "n8n connection" })).toBeVisible();
  const invoice = page.getByRole("listitem", { name: INVOICE_SYNC.name });
  await expect(invoice.getByTestId("current-mapping")).toHaveText("Not tracked");
  await expect(invoice).toContainText(INVOICE_SYNC.id);
  await expect(invoice).toContainText("Active in n8n");
  await expect(page.getByRole("listitem", { name: "Newsletter digest" })).toContainText("Inactive in n8n");

  // track Invoice sync as a new Nexus workflow that saves 10 minutes a run
  await invoice.getByLabel("Track as").selectOption({ label: "New Nexus workflow" });
  await invoice.getByLabel("Minutes saved per run").fill("10");
  await invoice.getByRole("button", { name: /^Save/ }).click();
  await expect(invoice.getByTestId("form-success")).toContainText("Invoice sync is tracked");
  await expect(invoice.getByTestId("current-mapping")).toHaveText(`Tracked as ${INVOICE_SYNC.name}`);

  // the worker imports its history; the page refreshes itself while it does
  await expect(invoice.getByTestId("backfill-state")).toContainText("History imported", { timeout: SYNC_TIMEOUT_MS });
  await expect(page.getByTestId("runs-imported")).toHaveText("6");
  await expect(page.getByRole("listitem", { name: "Newsletter digest" }).getByTestId("current-mapping")).toHaveText("Not tracked");
  await page.screenshot({ path: "/tmp/connection-page.png", fullPage: true });
  expect(await seriousViolations(page), "axe on the connection page").toEqual([]);

  // the company page lists the connection with its health
  await page.getByRole("link", { name: companyName }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: companyName })).toBeVisible();
  const listed = connectionsCard(page).getByRole("listitem").filter({ hasText: "Production n8n" });
  await expect(listed).toContainText("Active");
  await expect(listed).toContainText("Runs imported: 6");
  await expect(listed).not.toContainText("never");
  await page.screenshot({ path: "/tmp/company-page.png", fullPage: true });
  expect(await seriousViolations(page), "axe on the company page").toEqual([]);

  // the company's client sees the workflow and its runs: 4 succeeded, 2 failed with n8n's message
  const clientContext = await browser.newContext();
  try {
    const client = await clientContext.newPage();
    await signIn(client, clientEmail);
    await client.goto("/dashboard");
    const breakdown = client.getByTestId("roi-breakdown");
    await expect(breakdown.getByRole("rowheader", { name: INVOICE_SYNC.name })).toBeVisible();
    await expect(breakdown.getByRole("row", { name: new RegExp(INVOICE_SYNC.name) }).getByRole("cell").first()).toHaveText("6");

    await client.goto("/workflows");
    await client.getByRole("link", { name: INVOICE_SYNC.name }).click();
    await expect(client.getByRole("heading", { level: 1, name: INVOICE_SYNC.name })).toBeVisible();
    await expect(client.locator("dd").filter({ hasText: /^10 minutes$/ })).toBeVisible();
    const runs = client.getByRole("table", { name: "Run history" });
    await expect(runs.getByRole("row").filter({ hasText: "Succeeded" })).toHaveCount(4);
    await expect(runs.getByRole("row").filter({ hasText: "Failed" })).toHaveCount(2);
    await expect(runs.getByText(INVOICE_ERROR)).toHaveCount(2);
    await client.screenshot({ path: "/tmp/client-workflow.png", fullPage: true });
  } finally {
    await clientContext.close();
  }
});

test("a stored connection is tested, synced, paused, resumed, edited and deleted, and an n8n that fails only affects the workflow list", async ({ page }) => {
  test.setTimeout(90_000);
  // its own n8n, so making it fail touches nothing else
  const other = await startFakeN8n({ apiKey: "n8n_api_second_fake_key_abcdef1234" });
  try {
    other.addWorkflow({ id: "wfOther000000001", name: "Lead routing", active: true });
    await signIn(page, DEMO.admin);
    const connectionId = await connect(page, { name: "Staging n8n", baseUrl: other.url, apiKey: other.apiKey });
    await expect(page.getByText("…1234", { exact: true })).toBeVisible();
    await expect(page.getByRole("listitem", { name: "Lead routing" })).toBeVisible();

    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("connection-test-answer")).toContainText("1 workflow found");

    await page.getByRole("button", { name: "Sync now" }).click();
    await expect(page.getByTestId("form-success")).toHaveText("A sync starts within seconds.");

    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(page.getByTestId("form-success")).toContainText("Paused");
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("form-success")).toContainText("Resumed");
    await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();

    // a blank key keeps the stored one
    const edit = page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: "Edit connection" }) });
    await edit.getByLabel("Name").fill("Staging n8n (EU)");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByTestId("form-success")).toHaveText("Saved. A sync starts within seconds.");
    await expect(page.getByText("Staging n8n (EU)", { exact: true })).toBeVisible();
    await expect(page.getByText("…1234", { exact: true })).toBeVisible();

    // n8n answers with something else than its API: the list says why, the rest still works
    other.mode = "html";
    await page.reload();
    await expect(page.getByTestId("n8n-error")).toContainText("does not look like an n8n API");
    await expect(page.getByRole("button", { name: "Test connection" })).toBeVisible();
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("connection-test-answer")).toHaveAttribute("data-connected", "false");
    await page.screenshot({ path: "/tmp/connection-error.png", fullPage: true });
    expect(await seriousViolations(page), "axe on the connection page with n8n failing").toEqual([]);
    other.mode = "normal";

    // delete, behind a confirmation, back to the company page
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Delete connection" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/companies/${companyId}$`));
    await expect(connectionsCard(page).getByText("Staging n8n (EU)")).toHaveCount(0);
    const [{ count } = { count: -1 }] = await sql<{ count: number }[]>`
      SELECT count(*)::int AS count FROM engine_connections WHERE id = ${connectionId}`;
    expect(count).toBe(0);
  } finally {
    await other.close();
  }
});
