import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

// Company management (issue 3, item 4): an SE sees only their companies everywhere, and an
// admin creates and edits a company through the pages.

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

const SAMS_COMPANIES = ["Acme Logistics", "Brightside Dental", "Evergreen Accounting"];
const OTHER_COMPANIES = ["Copperleaf Realty", "Driftwood Outfitters", "Foxglove Media"];

async function companyId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM companies WHERE name = ${name}`;
  if (!row) throw new Error(`no company ${name}`);
  return row.id;
}

test.describe("an SE sees only their own companies", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO.se);
  });

  test("the companies table and its filters list only the SE's companies", async ({ page }) => {
    await page.goto("/admin/companies");
    await expect(page.getByRole("heading", { level: 1, name: "Companies" })).toBeVisible();
    const table = page.getByRole("table", { name: "Companies" });
    await expect(table.getByRole("rowheader")).toHaveText(SAMS_COMPANIES);
    // creating companies is an admin's job
    await expect(page.getByRole("link", { name: "New company" })).toHaveCount(0);

    // searching for another SE's company finds nothing
    await page.getByLabel("Search", { exact: true }).fill("Copperleaf");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]q=Copperleaf/);
    await expect(page.getByRole("heading", { name: "No companies match these filters" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);

    // Foxglove Media is onboarding, but it is Priya's
    await page.goto("/admin/companies?status=onboarding");
    await expect(page.getByRole("heading", { name: "No companies match these filters" })).toBeVisible();

    await page.goto("/admin/companies");
    await page.getByLabel("Status", { exact: true }).selectOption("active");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]status=active/);
    await expect(page.getByRole("table", { name: "Companies matching the filters" }).getByRole("rowheader")).toHaveText(
      SAMS_COMPANIES,
    );
    for (const other of OTHER_COMPANIES) await expect(page.getByText(other)).toHaveCount(0);
  });

  test("another SE's company page is not found, and the new-company page sends the SE home", async ({ page }) => {
    const copperleaf = await companyId("Copperleaf Realty");
    await page.goto(`/admin/companies/${copperleaf}`);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Copperleaf Realty")).toHaveCount(0);

    // their own company opens, with its users
    const acme = await companyId("Acme Logistics");
    await page.goto(`/admin/companies/${acme}`);
    await expect(page.getByRole("heading", { level: 1, name: "Acme Logistics" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Users of Acme Logistics" })).toContainText("olivia@acme.example.com");
    // plan, SE and archive are admin-only controls
    await expect(page.getByRole("button", { name: "Assign SE" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Archive company" })).toHaveCount(0);

    await page.goto("/admin/companies/new");
    await expect(page).toHaveURL("/admin");
  });

  test("the users page offers only the SE's companies and lists none of another company's users", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    const offered = await page
      .getByLabel("Company", { exact: true })
      .locator("option:not([value=''])")
      .allTextContents();
    expect(offered.map((text) => text.trim()).sort()).toEqual(SAMS_COMPANIES);

    const outsiders = await sql<{ email: string }[]>`
      SELECT u.email FROM users u
      LEFT JOIN companies c ON c.id = u.company_id
      WHERE u.role <> 'client' OR c.name <> ALL(${sql.array(SAMS_COMPANIES)})
    `;
    expect(outsiders.length).toBeGreaterThan(0);
    const table = page.getByRole("table", { name: "Users" });
    await expect(table).toContainText("@acme.example.com");
    const listed = (await table.textContent()) ?? "";
    for (const { email } of outsiders) expect(listed, email).not.toContain(email);
    for (const other of OTHER_COMPANIES) expect(listed, other).not.toContain(other);
  });
});

test("an admin creates a company, edits its industry, and sees the change after reload", async ({ page }) => {
  const name = `E2E Company ${Date.now()}`;
  await signIn(page, DEMO.admin);
  await page.goto("/admin/companies");
  await page.getByRole("link", { name: "New company" }).click();
  await expect(page).toHaveURL("/admin/companies/new");

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Industry", { exact: true }).fill("Logistics");
  await page.getByLabel("Hourly rate", { exact: true }).fill("65.50");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page).toHaveURL(/\/admin\/companies\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("$65.50 an hour")).toBeVisible();

  // a bad hourly rate is a field error, and the form keeps what was typed
  const industry = page.getByLabel("Industry", { exact: true });
  await industry.fill("Cold-chain logistics");
  await page.getByLabel("Hourly rate", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await expect(page.getByText(/Enter an amount like 65\.00/)).toBeVisible();
  await expect(industry).toHaveValue("Cold-chain logistics");

  await page.getByLabel("Hourly rate", { exact: true }).fill("65.50");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Profile saved.");

  await page.reload();
  await expect(page.getByLabel("Industry", { exact: true })).toHaveValue("Cold-chain logistics");
  await expect(page.getByRole("definition").filter({ hasText: "Cold-chain logistics" })).toBeVisible();

  const [row] = await sql<{ industry: string; hourly_rate_cents: number | null }[]>`
    SELECT industry, hourly_rate_cents FROM companies WHERE name = ${name}
  `;
  expect(row).toEqual({ industry: "Cold-chain logistics", hourly_rate_cents: 6550 });
  const audits = await sql<{ action: string }[]>`
    SELECT a.action FROM audit_log a JOIN companies c ON c.id = a.company_id WHERE c.name = ${name} ORDER BY a.at
  `;
  expect(audits.map((entry) => entry.action)).toEqual(["company.create", "company.update"]);
});
