import { expect, test } from "@playwright/test";
import { createClientUser, e2eDatabase } from "./support/database";
import { DEMO, fillSignIn, signIn } from "./support/sign-in";

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

test.describe("each role signs in at /login and lands in its own area", () => {
  const cases = [
    { role: "admin", email: DEMO.admin, home: "/admin", heading: "Dashboard", otherArea: ["/dashboard", "/reports", "/settings"] },
    { role: "se", email: DEMO.se, home: "/admin", heading: "Dashboard", otherArea: ["/dashboard", "/credentials"] },
    { role: "client", email: DEMO.client, home: "/dashboard", heading: "Dashboard", otherArea: ["/admin", "/admin/users", "/admin/billing"] },
  ] as const;

  for (const { role, email, home, heading, otherArea } of cases) {
    test(`${role} lands on ${home}, and the other area sends them back`, async ({ page }) => {
      await signIn(page, email);
      await expect(page).toHaveURL(home);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await page.screenshot({ path: `tests/screenshots/home-${role}.png`, fullPage: true });
      for (const path of otherArea) {
        await page.goto(path);
        await expect(page, `${role} opening ${path}`).toHaveURL(home);
      }
    });
  }
});

test("a signed-out visit to /admin/users goes to sign-in and returns there", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL("/login?next=%2Fadmin%2Fusers");
  await fillSignIn(page, DEMO.admin);
  await expect(page).toHaveURL("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
});

test("a wrong password shows the error and creates no session", async ({ page, context }) => {
  await page.goto("/login");
  await fillSignIn(page, DEMO.admin, "not-the-password");
  await expect(page.getByTestId("login-error")).toHaveText("That email and password do not match an active account.");
  await page.screenshot({ path: "tests/screenshots/login-error.png" });
  const cookies = await context.cookies();
  expect(cookies.filter((cookie) => cookie.name.includes("session-token"))).toEqual([]);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
});

test("an unknown email gets the same answer as a wrong password", async ({ page }) => {
  await page.goto("/login");
  await fillSignIn(page, "nobody@nowhere.example.com", "whatever-password");
  await expect(page.getByTestId("login-error")).toHaveText("That email and password do not match an active account.");
});

test("a deactivated user cannot sign in, and a session they hold stops working", async ({ browser }) => {
  const email = `held-session-${Date.now()}@e2e.example.com`;
  const password = "correct horse battery";
  await createClientUser(sql, email, password);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL("/dashboard");

  await sql`UPDATE users SET active = false WHERE email = ${email}`;

  // the session already held is refused on its next request
  await page.goto("/workflows");
  await expect(page).toHaveURL("/login?next=%2Fworkflows");

  // and signing in again is refused with the usual message
  await fillSignIn(page, email, password);
  await expect(page.getByTestId("login-error")).toHaveText("That email and password do not match an active account.");
  await context.close();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, DEMO.client);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL("/login?next=%2Fdashboard");
});
