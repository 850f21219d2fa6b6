// Accessibility (issue 8): every page of both areas, signed in as the role that sees it,
// scanned with axe in Chromium: no serious or critical violation. Keyboard-only use of
// sign-in, the navigation, tables and dialogs. The same walk listens to the browser: no
// console error and no failed request (a missing favicon was a 404 on every page, issue 17).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, fillSignIn, signIn } from "./support/sign-in";

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error("seeded row missing");
  return row;
}

/** A failed run (the run page's fullest form: error, history), else the newest run. */
function failedRunOf(workflowId: string): Promise<{ id: string }> {
  return one(sql<{ id: string }[]>`
    SELECT id FROM workflow_executions WHERE workflow_id = ${workflowId}
    ORDER BY (status = 'failed') DESC, started_at DESC LIMIT 1`);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** What the browser complained about while a page loaded: console errors and 4xx/5xx answers. */
function listenForErrors(page: Page): () => string[] {
  let heard: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") heard.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) heard.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return () => {
    const taken = heard;
    heard = [];
    return taken;
  };
}

async function scan(page: Page, paths: string[]) {
  const found: Record<string, string[]> = {};
  const errors: Record<string, string[]> = {};
  const takeErrors = listenForErrors(page);
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    // the icons are requested once the document has loaded
    await page.waitForLoadState("load");
    const violations = await seriousViolations(page);
    if (violations.length > 0) found[path] = violations;
    const heard = takeErrors();
    if (heard.length > 0) errors[path] = heard;
  }
  expect(found).toEqual({});
  expect(errors).toEqual({});
}

test("the sign-in and set-password pages have no serious violations", async ({ page }) => {
  const found: Record<string, string[]> = {};
  const errors: Record<string, string[]> = {};
  const takeErrors = listenForErrors(page);
  for (const path of ["/login", "/set-password/not-a-real-token"]) {
    await page.goto(path);
    await page.waitForLoadState("load");
    const violations = await seriousViolations(page);
    if (violations.length > 0) found[path] = violations;
    const heard = takeErrors();
    if (heard.length > 0) errors[path] = heard;
  }
  expect(found).toEqual({});
  expect(errors).toEqual({});
});

test("every admin page, as an admin, has no serious violations", async ({ page }) => {
  test.setTimeout(120_000);
  const company = await one(sql<{ id: string }[]>`SELECT id FROM companies WHERE name = 'Acme Logistics'`);
  const workflow = await one(sql<{ id: string }[]>`SELECT id FROM workflows WHERE name = 'Shipment status sync'`);
  const user = await one(sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${DEMO.client}`);
  const invoice = await one(sql<{ id: string }[]>`SELECT id FROM invoices WHERE company_id = ${company.id} ORDER BY month DESC LIMIT 1`);
  const plan = await one(sql<{ id: string }[]>`SELECT id FROM plans ORDER BY base_price_cents LIMIT 1`);
  const run = await failedRunOf(workflow.id);
  await signIn(page, DEMO.admin);
  await scan(page, [
    "/admin",
    "/admin/users",
    "/admin/users/new",
    `/admin/users/${user.id}`,
    "/admin/companies",
    "/admin/companies/new",
    `/admin/companies/${company.id}`,
    "/admin/workflows",
    "/admin/workflows/new",
    `/admin/workflows/${workflow.id}`,
    "/admin/executions",
    `/admin/executions/${run.id}`,
    "/admin/alerts",
    "/admin/billing",
    "/admin/billing/plans/new",
    `/admin/billing/plans/${plan.id}`,
    `/admin/billing/invoices/${invoice.id}`,
    "/admin/audit",
    "/admin/notifications",
    "/admin/settings",
    "/admin/mailbox",
    "/admin/profile",
  ]);
});

test("the admin pages an SE sees have no serious violations", async ({ page }) => {
  test.setTimeout(60_000);
  const company = await one(sql<{ id: string }[]>`SELECT id FROM companies WHERE name = 'Acme Logistics'`);
  await signIn(page, DEMO.se);
  await scan(page, ["/admin", "/admin/executions", `/admin/companies/${company.id}`, "/admin/billing", "/admin/users", "/admin/alerts"]);
});

test("every client page, as a client, has no serious violations", async ({ page }) => {
  test.setTimeout(90_000);
  const workflow = await one(sql<{ id: string }[]>`SELECT id FROM workflows WHERE name = 'Shipment status sync'`);
  const run = await failedRunOf(workflow.id);
  const invoice = await one(sql<{ id: string }[]>`
    SELECT i.id FROM invoices i JOIN companies c ON c.id = i.company_id
    WHERE c.name = 'Acme Logistics' AND i.status <> 'draft' ORDER BY month DESC LIMIT 1`);
  await signIn(page, DEMO.client);
  await scan(page, [
    "/dashboard",
    "/dashboard?range=90d",
    "/workflows",
    `/workflows/${workflow.id}`,
    `/workflows/${workflow.id}/runs/${run.id}`,
    "/reports",
    "/credentials",
    "/notifications",
    "/billing",
    `/billing/invoices/${invoice.id}`,
    "/settings",
  ]);
});

test("sign-in works from the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(DEMO.client);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("nexus-demo-2026");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard/);
});

test("the skip link, the navigation and a table are reachable by keyboard", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin/users");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  // the navigation: tab from the top until the Companies link has focus, then follow it
  await page.goto("/admin/users");
  const companies = page.getByRole("navigation").getByRole("link", { name: "Companies" });
  for (let step = 0; step < 20 && !(await companies.evaluate((node) => node === document.activeElement)); step++) {
    await page.keyboard.press("Tab");
  }
  await expect(companies).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/admin\/companies$/);

  // a table row link takes focus and opens with Enter
  const rowLink = page.getByRole("table").getByRole("link").first();
  await rowLink.focus();
  await expect(rowLink).toBeFocused();
  const name = (await rowLink.textContent()) ?? "";
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("a confirmation dialog opens, traps nothing it should not, and closes with Escape back on its button", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.goto("/credentials");
  const remove = page.getByRole("button", { name: /^Delete/ }).first();
  await remove.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
});

test("keyboard sign-in rejects a wrong password with a message", async ({ page }) => {
  await page.goto("/login");
  await fillSignIn(page, DEMO.client, "not-the-password");
  await expect(page.getByTestId("form-error").or(page.getByText("do not match"))).toBeVisible();
});
