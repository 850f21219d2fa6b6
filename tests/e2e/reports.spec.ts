// The client's ROI dashboard and reports in a browser (PRODUCT.md §2): the range lives in
// the URL (presets and custom days survive a reload), the KPI cards show, and the CSV a
// client downloads has the rows and totals of the table on screen. The figures themselves
// are checked against raw runs in tests/integration/roi.test.ts.
import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support/sign-in";

/** A strict RFC 4180 reader for the downloaded file. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index += 1;
    } else field += char;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

/** "$1,234.50", "97.3%", "1,234" → 1234.5, 97.3, 1234; "–" or "" → null. */
function numberOf(text: string): number | null {
  const cleaned = text.replace(/[^0-9.\-]/g, "");
  return cleaned === "" ? null : Number(cleaned);
}

function utcDay(offsetDays: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays)).toISOString().slice(0, 10);
}

async function rowCells(row: Locator): Promise<string[]> {
  return (await row.locator("th, td").allInnerTexts()).map((text) => text.trim());
}

async function download(page: Page, linkName: string): Promise<{ filename: string; records: string[][] }> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: linkName }).click();
  const file = await downloading;
  const path = await file.path();
  return { filename: file.suggestedFilename(), records: parseCsv(await readFile(path, "utf8")) };
}

test("a client downloads the by-workflow CSV and it matches the table on screen", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.goto("/reports?range=30d");
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");

  const table = page.getByTestId("report-workflows");
  const bodyRows = table.locator("tbody tr");
  await expect(bodyRows.first()).toBeVisible();
  const screenRows = await Promise.all((await bodyRows.all()).map(rowCells));
  const screenTotal = await rowCells(table.locator("tfoot tr"));
  await page.screenshot({ path: "tests/screenshots/reports.png", fullPage: true });

  const { filename, records } = await download(page, "Download CSV of the by-workflow table");
  expect(filename).toMatch(/^nexus-report-workflows-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(records[0]).toEqual(["Workflow", "Runs", "Succeeded", "Failed", "Success rate (%)", "Hours saved", "Money saved", "Currency"]);
  const csvRows = records.slice(1, -1);
  const csvTotal = records[records.length - 1] ?? [];
  expect(csvRows.length).toBe(screenRows.length);
  expect(csvRows.length).toBeGreaterThan(0);

  // same workflows in the same order, same numbers (the screen formats them, the file does not)
  const compare = (screen: string[], csv: string[]) => {
    // the screen marks an archived workflow; the file has the name alone
    expect(csv[0]).toBe(screen[0]?.replace(/ \(archived\)$/, ""));
    for (let column = 1; column <= 6; column += 1) {
      expect(numberOf(csv[column] ?? ""), `${screen[0]} column ${column}`).toBe(numberOf(screen[column] ?? ""));
    }
    expect(csv[7]).toMatch(/^[A-Z]{3}$/);
  };
  screenRows.forEach((screen, index) => compare(screen, csvRows[index] ?? []));
  compare(screenTotal, csvTotal);
  expect(csvTotal[0]).toBe("Total");
  // the totals add up
  const sum = (column: number) => csvRows.reduce((total, row) => total + Number(row[column]), 0);
  expect(Number(csvTotal[1])).toBe(sum(1));
  expect(Number(csvTotal[2])).toBe(sum(2));
  expect(Number(csvTotal[3])).toBe(sum(3));
});

test("the by-day CSV of one workflow has every day of the range and the table's totals", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.goto("/reports?range=7d");
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "Shipment status sync" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page).toHaveURL(/workflow=[0-9a-f-]{36}/);

  const table = page.getByTestId("report-days");
  await expect(table.locator("tbody tr")).toHaveCount(7);
  const screenTotal = await rowCells(table.locator("tfoot tr"));

  const { filename, records } = await download(page, "Download CSV of the by-day table");
  expect(filename).toMatch(/^nexus-report-days-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-shipment-status-sync\.csv$/);
  expect(records[0]?.[0]).toBe("Day");
  expect(records.slice(1, -1).map((row) => row[0])).toEqual([-6, -5, -4, -3, -2, -1, 0].map(utcDay));
  const csvTotal = records[records.length - 1] ?? [];
  for (let column = 1; column <= 5; column += 1) {
    expect(numberOf(csvTotal[column] ?? "")).toBe(numberOf(screenTotal[column] ?? ""));
  }
});

test("the dashboard shows the KPI cards for 7 days, and a reload keeps the range", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.goto("/dashboard?range=7d");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  for (const kpi of ["hours-saved", "money-saved", "spend", "net-return", "roi", "success-rate", "runs"]) {
    const card = page.getByTestId(`kpi-${kpi}`);
    await expect(card).toBeVisible();
    await expect(card.getByTestId("kpi-change")).toContainText("previous 7 days");
  }
  await expect(page.getByTestId("kpi-runs").getByTestId("kpi-value")).toHaveText(/^\d[\d,.\s]*$/);
  await expect(page.getByTestId("range-summary")).toContainText("(7 days, UTC)");
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Hours saved per day" })).toBeVisible();
  await expect(page.getByTestId("roi-breakdown")).toBeVisible();
  await page.screenshot({ path: "tests/screenshots/dashboard.png", fullPage: true });

  await page.reload();
  await expect(page).toHaveURL(/\/dashboard\?range=7d$/);
  await expect(page.getByTestId("range-summary")).toContainText("(7 days, UTC)");
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/\/dashboard\?range=90d$/);
  await expect(page.getByTestId("range-summary")).toContainText("(90 days, UTC)");
});

test("a custom range works from the URL and from the form, and a bad one says why", async ({ page }) => {
  await signIn(page, DEMO.client);
  const from = utcDay(-20);
  const to = utcDay(-10);
  await page.goto(`/dashboard?from=${from}&to=${to}`);
  await expect(page.getByTestId("range-summary")).toContainText("(11 days, UTC)");
  await expect(page.getByTestId("kpi-runs").getByTestId("kpi-change")).toContainText("previous 11 days");
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(from);
  await expect(page.getByLabel("To", { exact: true })).toHaveValue(to);
  for (const preset of ["Last 7 days", "Last 30 days", "Last 90 days"]) {
    await expect(page.getByRole("link", { name: preset })).not.toHaveAttribute("aria-current", "page");
  }

  // the form submits GET, so the chosen days land in the URL
  const formFrom = utcDay(-15);
  await page.getByLabel("From", { exact: true }).fill(formFrom);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Show these days" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${formFrom}&to=${to}`));
  await expect(page.getByTestId("range-summary")).toContainText("(6 days, UTC)");
  await page.reload();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue(formFrom);

  // an end day after today: a clear message, and the default range
  await page.goto(`/dashboard?from=${from}&to=${utcDay(3)}`);
  await expect(page.getByTestId("range-error")).toContainText("cannot be after today");
  await expect(page.getByTestId("range-summary")).toContainText("(30 days, UTC)");
});
