// The workflow manager and the client's workflow pages (PRODUCT.md §1, §2) in a browser:
// an SE edits a workflow of their company, a client sees runs but no edit controls, and
// the staff pages send a client home. Refusals of the commands themselves (a client
// posting the edit action gets 403) are covered in tests/integration/workflows.test.ts.
import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

/** The seeded Acme Logistics workflow the specs work on. */
async function shipmentSyncId(): Promise<string> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM workflows WHERE name = 'Shipment status sync'`;
  if (!row) throw new Error("the seeded workflow 'Shipment status sync' is missing");
  return row.id;
}

test("an SE edits minutes saved on their company's workflow and sees the new value after reload", async ({ page }) => {
  const id = await shipmentSyncId();
  // a value no earlier run of this spec left behind
  const minutes = String(100 + (Date.now() % 1000));

  await signIn(page, DEMO.se);
  await page.goto(`/admin/workflows/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Shipment status sync" })).toBeVisible();

  await page.getByRole("textbox", { name: "Minutes saved per run" }).fill(minutes);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("form-success")).toHaveText("The workflow's settings were saved.");

  await page.reload();
  await expect(page.getByRole("textbox", { name: "Minutes saved per run" })).toHaveValue(minutes);
  const [row] = await sql<{ minutes: number | null }[]>`SELECT minutes_saved_per_run AS minutes FROM workflows WHERE id = ${id}`;
  expect(row?.minutes).toBe(Number(minutes));
});

test("a wrong minutes value shows its error next to the field and saves nothing", async ({ page }) => {
  const id = await shipmentSyncId();
  const [before] = await sql<{ minutes: number | null }[]>`SELECT minutes_saved_per_run AS minutes FROM workflows WHERE id = ${id}`;

  await signIn(page, DEMO.se);
  await page.goto(`/admin/workflows/${id}`);
  const field = page.getByRole("textbox", { name: "Minutes saved per run" });
  await field.fill("5000");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Check the highlighted fields.");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveValue("5000");

  const [after] = await sql<{ minutes: number | null }[]>`SELECT minutes_saved_per_run AS minutes FROM workflows WHERE id = ${id}`;
  expect(after?.minutes).toBe(before?.minutes);
});

test("a client sees their workflow's runs read-only, and the staff page sends them home", async ({ page }) => {
  const id = await shipmentSyncId();

  await signIn(page, DEMO.client);
  await page.goto("/workflows");
  const row = page.locator(`[data-workflow-id="${id}"]`);
  await expect(row.getByRole("link", { name: "Shipment status sync" })).toBeVisible();
  await expect(row.getByTestId("last-run-status")).toContainText(/Succeeded|Failed|Running|Cancelled/);

  await row.getByRole("link", { name: "Shipment status sync" }).click();
  await expect(page).toHaveURL(`/workflows/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Shipment status sync" })).toBeVisible();
  const runs = page.getByRole("table", { name: "Run history" });
  await expect(runs).toBeVisible();
  // a header row and at least one run
  expect(await runs.getByRole("row").count()).toBeGreaterThan(1);

  // no edit controls of any kind
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Pause|Resume|Archive/ })).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: /minutes/i })).toHaveCount(0);
  await expect(page.getByRole("spinbutton")).toHaveCount(0);

  // the next page of the run history is another set of runs
  const firstRun = await runs.getByRole("row").nth(1).textContent();
  await page.getByRole("link", { name: "Next", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}\\?runs=`));
  await expect(page.getByRole("table", { name: "Run history" }).getByRole("row").nth(1)).not.toHaveText(firstRun ?? "");

  // the staff page of the same workflow is not the client's: home
  await page.goto(`/admin/workflows/${id}`);
  await expect(page).toHaveURL("/dashboard");
});

test("an SE cannot open a workflow of a company that is not theirs", async ({ page }) => {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM workflows WHERE name = 'Lead routing'`;
  if (!row) throw new Error("the seeded workflow 'Lead routing' is missing");

  await signIn(page, DEMO.se);
  await page.goto(`/admin/workflows/${row.id}`);
  // the same answer as for a workflow that does not exist
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Minutes saved per run" })).toHaveCount(0);
});

test("an admin creates a workflow, pauses it and archives it, after which it leaves the list", async ({ page }) => {
  const name = `E2E workflow ${Date.now()}`;

  await signIn(page, DEMO.admin);
  await page.goto("/admin/workflows");
  await page.getByRole("link", { name: "New workflow" }).click();
  await expect(page).toHaveURL("/admin/workflows/new");

  await page.getByLabel("Company").selectOption({ label: "Acme Logistics" });
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Description" }).fill("Made by the browser tests.");
  await page.getByLabel("Platform").selectOption({ label: "Zapier" });
  await page.getByLabel("Trigger").selectOption({ label: "Webhook" });
  await page.getByRole("textbox", { name: "Minutes saved per run" }).fill("12");
  await page.getByRole("button", { name: "Create workflow" }).click();

  await expect(page).toHaveURL(/\/admin\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("workflow-status")).toHaveText("Active");

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("The workflow was paused.");
  // on screen at once (the refresh after the action lands), and stored
  await expect(page.getByTestId("workflow-status")).toHaveText("Paused");
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("workflow-status")).toHaveText("Paused");

  await page.getByRole("button", { name: "Archive", exact: true }).click();
  // by role alone: ConfirmDialog's aria-labelledby id is built from its title, spaces and all
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Archive this workflow?" })).toBeVisible();
  await dialog.getByRole("button", { name: "Archive workflow" }).click();
  await expect(page.getByTestId("workflow-status")).toHaveText("Archived");
  await page.reload();
  await expect(page.getByTestId("workflow-status")).toHaveText("Archived");
  await expect(page.getByText("This workflow is archived")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);

  await page.goto(`/admin/workflows?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  await page.getByLabel("Status").selectOption({ label: "Archived" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
});
