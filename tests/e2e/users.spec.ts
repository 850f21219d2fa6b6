import { expect, test } from "@playwright/test";
import { createClientUser, e2eDatabase } from "./support/database";
import { DEMO, fillSignIn, signIn } from "./support/sign-in";

// User management (issue 3): invitations through one-time links, deactivation that ends a
// held session, and a users table searched and paged on the server.
const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

const PASSWORD = "harbour lantern quietly";

test("an admin invites a client, who sets a password through the link once and signs in", async ({ page, context, browser }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = `invitee-${Date.now()}@e2e.example.com`;

  await signIn(page, DEMO.admin);
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "New user" }).click();
  await expect(page).toHaveURL("/admin/users/new");
  await page.getByLabel("Name", { exact: true }).fill("Invited Person");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("client");
  await page.getByLabel("Company", { exact: true }).selectOption({ label: "Acme Logistics" });
  await page.getByRole("button", { name: "Create user" }).click();

  const linkField = page.getByLabel("Invitation link");
  await expect(linkField).toBeVisible();
  const link = await linkField.inputValue();
  expect(link).toMatch(/^http:\/\/[^/]+\/set-password\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("expires in 7 days")).toBeVisible();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // The invitee, in a browser that never signed in.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
  await expect(invitee.getByText(email)).toBeVisible();

  // a mismatch is refused next to the confirm field, and the link stays usable
  await invitee.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await invitee.getByLabel("Confirm password", { exact: true }).fill(`${PASSWORD}!`);
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByText("The two passwords do not match.")).toBeVisible();

  await invitee.getByLabel("New password", { exact: true }).fill(PASSWORD);
  await invitee.getByLabel("Confirm password", { exact: true }).fill(PASSWORD);
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByTestId("form-success")).toHaveText("Your password is set.");
  await invitee.getByRole("link", { name: "Sign in" }).click();
  await expect(invitee).toHaveURL("/login");
  await fillSignIn(invitee, email, PASSWORD);
  await expect(invitee).toHaveURL("/dashboard");

  // the link worked once
  await invitee.goto(link);
  await expect(invitee.getByTestId("link-refused")).toHaveText("This link has already been used or is not valid.");
  await expect(invitee.getByLabel("New password", { exact: true })).toHaveCount(0);
  await inviteeContext.close();
});

test("an admin deactivates a signed-in client: their realtime connection closes and their next navigation lands on /login", async ({ page, browser }) => {
  const email = `deactivated-${Date.now()}@e2e.example.com`;
  await createClientUser(sql, email, PASSWORD);

  const clientContext = await browser.newContext();
  const clientPage = await clientContext.newPage();
  await signIn(clientPage, email, PASSWORD);
  await expect(clientPage).toHaveURL("/dashboard");
  await expect(clientPage.locator("html")).toHaveAttribute("data-realtime", "connected", { timeout: 10_000 });

  await signIn(page, DEMO.admin);
  await page.goto("/admin/users");
  await page.getByLabel("Search", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("cell", { name: email })).toBeVisible();
  await table.getByRole("link", { name: "E2E User" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "E2E User" })).toBeVisible();

  await page.getByRole("button", { name: "Deactivate", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("The user is deactivated and signed out everywhere.");
  await expect(page.getByRole("button", { name: "Reactivate", exact: true })).toBeVisible();

  // the server closed the client's socket, and it stays closed (no reconnect attempts)
  await expect(clientPage.locator("html")).toHaveAttribute("data-realtime", "disconnected", { timeout: 3_000 });
  await clientPage.waitForTimeout(2_000);
  await expect(clientPage.locator("html")).toHaveAttribute("data-realtime", "disconnected");

  await clientPage.goto("/workflows");
  await expect(clientPage).toHaveURL("/login?next=%2Fworkflows");
  await clientContext.close();
});

test("the users table searches and pages on the server", async ({ page }) => {
  // The seed has 17 users, fewer than a page of 25: add 40 more.
  const stamp = String(Date.now());
  await sql`
    INSERT INTO users (email, name, role, company_id)
    SELECT 'paging-' || ${stamp}::text || '-' || n || '@e2e.example.com',
           'Paging ' || ${stamp}::text || ' ' || lpad(n::text, 2, '0'),
           'client',
           (SELECT id FROM companies ORDER BY name LIMIT 1)
    FROM generate_series(1, 40) AS n
  `;

  await signIn(page, DEMO.admin);
  await page.goto("/admin/users");
  const table = page.getByRole("table", { name: "Users" });
  const emailCells = table.locator("tbody tr td:nth-child(2)");

  // search: the server filters, and the URL keeps the search
  await page.getByLabel("Search", { exact: true }).fill("Olivia");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?q=Olivia/);
  await expect(table.getByRole("link", { name: "Olivia Chen" })).toBeVisible();
  for (const row of await table.locator("tbody tr").allTextContents()) {
    expect(row.toLowerCase()).toContain("olivia");
  }
  await page.reload();
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue("Olivia");
  await expect(table.getByRole("link", { name: "Olivia Chen" })).toBeVisible();

  // paging: 25 rows, then a second page with other rows
  await page.goto("/admin/users");
  await expect(emailCells).toHaveCount(25);
  const firstPage = await emailCells.allTextContents();
  await page.getByRole("link", { name: "Next", exact: true }).click();
  await expect(page).toHaveURL("/admin/users?page=2");
  await expect(page.getByText(/^Page 2/)).toBeVisible();
  const secondPage = await emailCells.allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((email) => firstPage.includes(email))).toEqual([]);
});
