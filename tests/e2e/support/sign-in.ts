import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../../db/seed-data";

export const DEMO = {
  admin: "admin@nexus.example.com",
  se: "sam@nexus.example.com",
  client: "olivia@acme.example.com",
} as const;

export async function fillSignIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in from /login and waits until the browser has left the sign-in page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await fillSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}
