// The credential vault (issue 6; PRODUCT.md §7) in real browsers: a client adds and
// replaces a credential and only ever sees it masked; the company's SE reveals it on the
// company page (the secret arrives in the action's response, not in the page); the
// client's bell rises live and the access log lists the reveal. Two browser contexts are
// two people signed in at once.
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

async function companyId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM companies WHERE name = ${name}`;
  if (!row) throw new Error(`no company ${name}`);
  return row.id;
}

/** The bell's unread count, from its accessible name (the badge itself stops at 99+). */
async function unreadCount(page: Page): Promise<number> {
  const label = await page.locator('a[aria-label^="Notifications"]').first().getAttribute("aria-label");
  return Number(/(\d+) unread/.exec(label ?? "")?.[1] ?? 0);
}

/** The page's realtime connection is up (pusher-js connects a second after load). */
async function connected(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });
}

test("a client adds and replaces a credential; the SE reveals it; the client is notified and sees the reveal in the access log", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const name = `E2E Stripe ${stamp}`;
  const first = `sk_test_e2e_${stamp}_first_A1B2`;
  const second = `sk_test_e2e_${stamp}_second_C3D4`;

  // --- the client adds a credential and sees it masked
  await signIn(page, DEMO.client);
  await page.goto("/credentials");
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeVisible();
  const addForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add credential" }) });
  await addForm.getByLabel("Name").fill(name);
  await addForm.getByLabel("Service").fill("Stripe");
  const secretInput = addForm.getByLabel("Secret", { exact: true });
  await expect(secretInput).toHaveAttribute("type", "password");
  await secretInput.fill(first);
  await addForm.getByRole("button", { name: "Show secret" }).click();
  await expect(secretInput).toHaveAttribute("type", "text");
  await addForm.getByRole("button", { name: "Add credential" }).click();
  await expect(addForm.getByTestId("form-success")).toContainText(name);
  await expect(secretInput).toHaveValue("");

  const table = page.getByRole("table", { name: "Your credentials" });
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(row.getByTestId("credential-secret")).toHaveText(/A1B2$/);
  await expect(row.getByTestId("credential-last-viewed")).toHaveText("Never");

  // --- the client replaces it; the form says a value is stored and never shows it
  await row.getByRole("button", { name: `Replace secret of ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Replace the secret of “${name}”` });
  const newSecret = dialog.getByLabel("New secret", { exact: true });
  await expect(newSecret).toHaveAttribute("placeholder", "A value is stored; leave blank to keep it");
  await expect(newSecret).toHaveValue("");
  await newSecret.fill(second);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("form-success")).toContainText("replaced");
  await expect(row.getByTestId("credential-secret")).toHaveText(/C3D4$/);

  // the client's page never carries either secret, rendered or as served
  const clientHtml = await (await page.request.get("/credentials")).text();
  expect(clientHtml).toContain(name);
  for (const secret of [first, second]) {
    expect(clientHtml).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
  }
  await connected(page);
  const unreadBefore = await unreadCount(page);

  // --- the SE reveals it on the company page, in a second browser
  const acme = await companyId("Acme Logistics");
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, DEMO.se);
  await staff.goto(`/admin/companies/${acme}`);
  const staffRow = staff
    .getByRole("table", { name: "Credentials of Acme Logistics" })
    .getByRole("row")
    .filter({ has: staff.getByRole("rowheader", { name, exact: true }) });
  await expect(staffRow.getByTestId("credential-secret")).toContainText("C3D4");
  const staffHtml = await (await staff.request.get(`/admin/companies/${acme}`)).text();
  expect(staffHtml).toContain(name);
  expect(staffHtml).not.toContain(second);

  await staffRow.getByRole("button", { name: `Reveal ${name}` }).click();
  await expect(staffRow.getByTestId("revealed-secret")).toHaveText(second);
  await expect(staffRow.getByTestId("credential-last-viewed")).toContainText("Sam Rivera");
  await staffRow.getByRole("button", { name: `Hide the secret of ${name}` }).click();
  await expect(staffRow.getByTestId("revealed-secret")).toHaveCount(0);
  await expect(staffRow.getByRole("button", { name: `Reveal ${name}` })).toBeFocused();
  await staffContext.close();

  // --- back with the client: the bell rose live, and the access log lists the reveal by Sam
  await expect.poll(() => unreadCount(page), { timeout: 5_000 }).toBe(unreadBefore + 1);
  await page.goto("/credentials");
  const log = page.getByRole("table", { name: "Credential access log, newest first" });
  const newest = log.getByTestId("access-log-entry").first();
  await expect(newest).toHaveAttribute("data-action", "credential.reveal");
  await expect(newest).toContainText("Sam Rivera");
  await expect(newest).toContainText("Agency staff");
  await expect(newest).toContainText("Viewed the secret");
  await expect(newest).toContainText(name);
  await expect(row.getByTestId("credential-last-viewed")).toContainText("Sam Rivera");
  expect(await page.content()).not.toContain(second);

  await page.goto("/notifications");
  await expect(page.getByText(`Sam Rivera viewed the “${name}” credential`)).toHaveCount(1);
});

test("a client deletes a credential behind a confirmation", async ({ page }) => {
  const name = `E2E Doomed ${Date.now()}`;
  await signIn(page, DEMO.client);
  await page.goto("/credentials");
  const addForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add credential" }) });
  await addForm.getByLabel("Name").fill(name);
  await addForm.getByLabel("Service").fill("Slack");
  await addForm.getByLabel("Secret", { exact: true }).fill(`xoxb-e2e-${Date.now()}-doomed`);
  await addForm.getByRole("button", { name: "Add credential" }).click();
  await expect(addForm.getByTestId("form-success")).toContainText(name);

  const row = page.getByRole("table", { name: "Your credentials" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await row.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete “${name}”?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: "Delete" }).click();
  await confirm.getByRole("button", { name: "Delete credential" }).click();
  await expect(page.getByRole("rowheader", { name, exact: true })).toHaveCount(0);
  const log = page.getByRole("table", { name: "Credential access log, newest first" });
  await expect(log.getByTestId("access-log-entry").first()).toHaveAttribute("data-action", "credential.delete");
});
