// Security headers and session cookies (issue 8, PRODUCT.md §7) as the production build
// sends them: a nonce-based CSP on every page, the fixed headers on every response, no
// caching of personal pages, and an HttpOnly, SameSite=Lax session cookie (Secure on https).
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../../db/seed-data";
import { DEMO, signIn } from "./support/sign-in";

function directives(policy: string | undefined): Map<string, string> {
  return new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")] as const;
      }),
  );
}

test("pages carry a nonce-based CSP, a fresh nonce each time, and the fixed headers", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const policy = directives(first.headers()["content-security-policy"]);
  expect(policy.get("object-src")).toBe("'none'");
  expect(policy.get("base-uri")).toBe("'none'");
  expect(policy.get("frame-ancestors")).toBe("'none'");
  const nonce = /'nonce-([^']+)'/.exec(policy.get("script-src") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(policy.get("script-src")).not.toContain("unsafe-inline");
  expect(second.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  // Next puts the nonce on the scripts it renders
  expect(await first.text()).toContain(`nonce="${nonce}"`);

  for (const response of [first, await request.get("/api/health")]) {
    const headers = response.headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // the e2e server is a production build
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect(headers["x-powered-by"]).toBeUndefined();
  }
});

test("the browser enforces the CSP: injected inline code does not run", async ({ page }) => {
  await page.goto("/login");
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; violation: string | null }>((resolve) => {
        let violation: string | null = null;
        document.addEventListener("securitypolicyviolation", (event) => {
          violation = event.violatedDirective;
        });
        // markup an attacker might get into the page: an inline event handler
        const holder = document.createElement("div");
        holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
        document.body.append(holder);
        setTimeout(() => resolve({ ran: (window as unknown as { __injected?: boolean }).__injected === true, violation }), 1000);
      }),
  );
  expect(outcome.ran).toBe(false);
  expect(outcome.violation).toMatch(/^script-src/);
});

test("pages with personal or secret data are never cached", async ({ page }) => {
  await signIn(page, DEMO.client);
  for (const path of ["/dashboard", "/credentials", "/billing", "/settings"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
});

test("the session cookie is HttpOnly and SameSite=Lax, and Secure when served over https", async ({ page, request }) => {
  await signIn(page, DEMO.client);
  const cookie = (await page.context().cookies()).find((item) => item.name.endsWith("authjs.session-token"));
  expect(cookie).toBeDefined();
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  // Behind a TLS-terminating proxy (X-Forwarded-Proto: https) the cookie is __Secure- and Secure.
  const https = { "x-forwarded-proto": "https" };
  const csrf = (await (await request.get("/api/auth/csrf", { headers: https })).json()) as { csrfToken: string };
  const signedIn = await request.post("/api/auth/callback/credentials", {
    headers: https,
    form: { csrfToken: csrf.csrfToken, email: DEMO.client, password: DEMO_PASSWORD, callbackUrl: "/dashboard" },
    maxRedirects: 0,
  });
  const setCookies = signedIn.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value);
  const session = setCookies.find((value) => value.startsWith("__Secure-authjs.session-token="));
  expect(session, setCookies.join("\n")).toBeDefined();
  expect(session).toMatch(/;\s*Secure/i);
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
});
