import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

// Billing (issue 7): the seed leaves the last ended month uninvoiced, so an admin issues
// it here, records Acme's payment (mocked: nothing is charged), and Acme's client sees the
// invoice paid. An SE sees the usage and invoices of their companies, read-only.

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

/** The month before the current one (UTC), as "YYYY-MM" and "October 2026". */
function lastMonth(): { param: string; label: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return {
    param: start.toISOString().slice(0, 7),
    label: new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(start),
  };
}

test("an admin issues last month's invoices and records Acme's payment; Acme's client sees it paid", async ({ page, browser }) => {
  const month = lastMonth();
  await signIn(page, DEMO.admin);
  await page.goto(`/admin/billing?month=${month.param}`);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: `Usage, ${month.label}` })).toBeVisible();

  await page.getByRole("button", { name: `Issue invoices for ${month.label}` }).click();
  const dialog = page.getByRole("dialog", { name: `Issue invoices for ${month.label}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Issue invoices" }).click();
  // on a retry the month is already invoiced, and the answer says so
  await expect(page.getByTestId("form-success")).toContainText(month.label);
  await expect(page.getByTestId("form-success")).toHaveText(/^(Issued \d+ invoices? for|No new invoices)/);

  const [acme] = await sql<{ id: string; number: string; status: string }[]>`
    SELECT i.id, i.number, i.status FROM invoices i JOIN companies c ON c.id = i.company_id
    WHERE c.name = 'Acme Logistics' AND i.month = ${`${month.param}-01`}::date
  `;
  if (!acme) throw new Error("Acme has no invoice for last month");

  // the usage table now shows each company's invoice
  const usage = page.getByRole("table", { name: `Usage per company, ${month.label}` });
  await expect(usage.getByRole("row", { name: /Acme Logistics/ })).toContainText(acme.number);

  await usage.getByRole("link", { name: acme.number }).click();
  await expect(page).toHaveURL(`/admin/billing/invoices/${acme.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(acme.number);
  await expect(page.getByRole("table", { name: `Lines of invoice ${acme.number}` })).toContainText("Runs beyond those included");

  if (acme.status === "open") {
    await expect(page.getByTestId("invoice-state")).toHaveText("Open");
    await page.getByLabel("Payment method").selectOption("bank_transfer");
    await page.getByLabel("Reference", { exact: true }).fill(`E2E-${Date.now()}`);
    await page.getByRole("button", { name: "Record payment" }).click();
    await expect(page.getByTestId("form-success")).toContainText(`invoice ${acme.number} is paid`);
  }
  await expect(page.getByTestId("invoice-state")).toHaveText("Paid");
  await expect(page.getByRole("button", { name: "Record payment" })).toHaveCount(0);
  const [paid] = await sql<{ status: string; payment_method: string | null }[]>`
    SELECT status, payment_method FROM invoices WHERE id = ${acme.id}
  `;
  expect(paid).toEqual({ status: "paid", payment_method: "bank_transfer" });

  // Acme's client sees the invoice paid, in the list and on its own page
  const clientContext = await browser.newContext();
  try {
    const client = await clientContext.newPage();
    await signIn(client, DEMO.client);
    await client.goto("/billing");
    await expect(client.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
    const row = client.getByRole("table", { name: "Your invoices", exact: true }).getByRole("row", { name: new RegExp(acme.number) });
    await expect(row).toContainText("Paid");
    await expect(row).toContainText(month.label);
    await row.getByRole("link", { name: acme.number }).click();
    await expect(client).toHaveURL(`/billing/invoices/${acme.id}`);
    await expect(client.getByTestId("invoice-state")).toHaveText("Paid");
    await expect(client.getByTestId("invoice-total")).toBeVisible();
    // no staff controls on the client's invoice
    await expect(client.getByRole("button", { name: "Record payment" })).toHaveCount(0);
    await expect(client.getByRole("button", { name: "Void invoice" })).toHaveCount(0);
  } finally {
    await clientContext.close();
  }
});

test("an SE sees their companies' usage and invoices read-only", async ({ page }) => {
  await signIn(page, DEMO.se);
  await page.goto("/admin/billing");
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New plan" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Plans", exact: true })).toHaveCount(0);

  const usage = page.getByRole("table", { name: /^Usage per company/ });
  await expect(usage.getByRole("rowheader")).toHaveText(["Acme Logistics", "Brightside Dental", "Evergreen Accounting"]);
  await expect(page.getByText("Copperleaf Realty")).toHaveCount(0);

  // an ended month: still no issuing for an SE
  await page.goto(`/admin/billing?month=${lastMonth().param}`);
  await expect(page.getByRole("button", { name: /^Issue invoices/ })).toHaveCount(0);

  // an invoice of theirs opens without payment controls
  const invoices = page.getByRole("table", { name: "Invoices", exact: true });
  await invoices.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/billing\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("invoice-state")).toBeVisible();
  await expect(page.getByRole("button", { name: "Record payment" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Void invoice" })).toHaveCount(0);

  // another SE's invoice is not found
  const [copperleaf] = await sql<{ id: string }[]>`
    SELECT i.id FROM invoices i JOIN companies c ON c.id = i.company_id WHERE c.name = 'Copperleaf Realty' LIMIT 1
  `;
  if (!copperleaf) throw new Error("Copperleaf has no invoice");
  await page.goto(`/admin/billing/invoices/${copperleaf.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});
