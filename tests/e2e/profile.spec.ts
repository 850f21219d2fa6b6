import { expect, test, type Browser, type Page } from "@playwright/test";
import { createClientUser, e2eDatabase } from "./support/database";
import { signIn } from "./support/sign-in";

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

const ORIGINAL = "e2e original passphrase";
const CHANGED = "e2e changed passphrase";

/** A fresh client user, signed in in its own browser context. */
async function signedInContext(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL("/dashboard");
  return page;
}

async function fillPasswordChange(page: Page, current: string, next: string, confirm = next): Promise<void> {
  await page.getByLabel("Current password", { exact: true }).fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password", { exact: true }).fill(confirm);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("changing the password on /settings keeps this browser signed in and signs the other one out", async ({ browser }) => {
  const email = `profile-change-${Date.now()}@e2e.example.com`;
  await createClientUser(sql, email, ORIGINAL);
  const first = await signedInContext(browser, email, ORIGINAL);
  const second = await signedInContext(browser, email, ORIGINAL);

  await first.goto("/settings");
  await expect(first.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(first.getByTestId("other-sessions")).toHaveText("You have 1 other active session (another browser or device).");

  await fillPasswordChange(first, ORIGINAL, CHANGED);
  await expect(first.getByTestId("form-success")).toContainText("Your password was changed");
  await expect(first.getByTestId("other-sessions")).toHaveText("You are signed in only in this browser.");

  // the other browser's next navigation finds its session gone
  await second.goto("/workflows");
  await expect(second).toHaveURL("/login?next=%2Fworkflows");

  // this browser is still signed in
  await first.goto("/dashboard");
  await expect(first).toHaveURL("/dashboard");
  await expect(first.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // and the new password is the one that signs in now
  const third = await signedInContext(browser, email, CHANGED);
  await Promise.all([first.context().close(), second.context().close(), third.context().close()]);
});

test("a wrong current password is refused on its field, and the old password still signs in", async ({ browser }) => {
  const email = `profile-wrong-${Date.now()}@e2e.example.com`;
  await createClientUser(sql, email, ORIGINAL);
  const page = await signedInContext(browser, email, ORIGINAL);

  await page.goto("/settings");
  await fillPasswordChange(page, "not my current password", CHANGED);
  await expect(page.getByTestId("form-error")).toBeVisible();
  await expect(page.getByLabel("Current password", { exact: true })).toHaveAccessibleDescription(
    "That is not your current password.",
  );
  await expect(page.getByLabel("Current password", { exact: true })).toHaveAttribute("aria-invalid", "true");

  const again = await signedInContext(browser, email, ORIGINAL);
  // the refused change ended no session either
  await page.goto("/dashboard");
  await expect(page).toHaveURL("/dashboard");
  await Promise.all([page.context().close(), again.context().close()]);
});

test("signing out of all other sessions ends them and keeps this one", async ({ browser }) => {
  const email = `profile-others-${Date.now()}@e2e.example.com`;
  await createClientUser(sql, email, ORIGINAL);
  const first = await signedInContext(browser, email, ORIGINAL);
  const second = await signedInContext(browser, email, ORIGINAL);

  await first.goto("/settings");
  await first.getByRole("button", { name: "Sign out of all other sessions" }).click();
  const dialog = first.getByRole("dialog", { name: "Sign out of all other sessions?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(first.getByTestId("form-success")).toContainText("Signed out of 1 other session");

  await second.goto("/dashboard");
  await expect(second).toHaveURL("/login?next=%2Fdashboard");
  await first.goto("/dashboard");
  await expect(first).toHaveURL("/dashboard");
  await Promise.all([first.context().close(), second.context().close()]);
});

test("notification preferences: a kind set to email at once or the daily digest, and one turned off in-app, are saved and shown again", async ({ browser }) => {
  const email = `profile-notify-${Date.now()}@e2e.example.com`;
  await createClientUser(sql, email, ORIGINAL);
  const page = await signedInContext(browser, email, ORIGINAL);
  await page.goto("/settings");
  const form = page.getByTestId("notification-preferences-form");
  // one group per kind, named by its legend, with an in-app box and a group of email choices
  const failedRuns = form.getByRole("group", { name: "Failed runs" });
  await expect(failedRuns.getByRole("checkbox", { name: "In-app" })).toBeChecked();
  await expect(failedRuns.getByRole("group", { name: "Email" }).getByRole("radio", { name: "No email" })).toBeChecked();
  // alerts keep today's default: an email each
  await expect(form.getByRole("group", { name: "Alerts" }).getByRole("radio", { name: "Email at once" })).toBeChecked();

  await failedRuns.getByRole("group", { name: "Email" }).getByRole("radio", { name: "Email at once" }).check();
  await form.getByRole("group", { name: "Billing" }).getByRole("radio", { name: "Daily digest" }).check();
  await form.getByRole("group", { name: "Workflow changes" }).getByRole("checkbox", { name: "In-app" }).uncheck();
  await form.getByRole("button", { name: "Save notifications" }).click();
  await expect(form.getByTestId("form-success")).toContainText("Your notification settings were saved.");

  const [saved] = await sql<{ now: string[]; digest: string[]; muted: string[] }[]>`
    SELECT notifications_email_now::text[] AS now, notifications_email_digest::text[] AS digest, notifications_muted::text[] AS muted
    FROM users WHERE email = ${email}`;
  expect(saved).toEqual({ now: ["run_failures"], digest: ["billing"], muted: ["workflow_changes"] });

  await page.reload();
  await expect(form.getByRole("group", { name: "Failed runs" }).getByRole("radio", { name: "Email at once" })).toBeChecked();
  await expect(form.getByRole("group", { name: "Billing" }).getByRole("radio", { name: "Daily digest" })).toBeChecked();
  await expect(form.getByRole("group", { name: "Workflow changes" }).getByRole("checkbox", { name: "In-app" })).not.toBeChecked();
  await page.context().close();
});
