import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./support/database";
import { DEMO, signIn } from "./support/sign-in";

// Ingestion rate limits (issue 20) end to end: an admin sets a company's limits on its
// page, an engine meets them through the real route (429, Retry-After, RateLimit headers,
// the body naming the limit), and staff see the key's traffic, refusals included.

const sql = e2eDatabase();
test.afterAll(async () => {
  await sql.end();
});

test("an admin sets a company's limits, an engine over them gets 429 with the headers, and staff see its traffic", async ({ browser, page, request }) => {
  const [company] = await sql<{ id: string }[]>`SELECT id FROM companies WHERE name = 'Brightside Dental'`;
  const [workflow] = await sql<{ id: string }[]>`SELECT id FROM workflows WHERE company_id = ${company?.id ?? ""} ORDER BY name LIMIT 1`;
  if (!company || !workflow) throw new Error("no Brightside workflow");
  const key = `nxk_${randomBytes(32).toString("base64url")}`;
  await sql`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
            VALUES (${company.id}, 'E2E limits', ${key.slice(0, 12)}, ${createHash("sha256").update(key).digest("hex")})`;

  await signIn(page, DEMO.admin);
  await page.goto(`/admin/companies/${company.id}`);
  const card = page.locator("#ingestion-limits");
  await expect(card.getByTestId("ingestion-limits")).toContainText("300 reports a minute, bursts of 100 (default)");
  await card.getByLabel("Per key: reports a minute").fill("60");
  await card.getByRole("button", { name: "Save limits" }).click();
  await expect(card.getByTestId("form-success")).toHaveText("Limits saved. Every app instance applies them within seconds.");
  await expect(card.getByTestId("ingestion-limits")).toContainText("60 reports a minute, bursts of 100");

  const tag = `e2e-limits-${Date.now()}`;
  const runs = (count: number) => ({
    runs: Array.from({ length: count }, (_, index) => ({
      workflowId: workflow.id,
      externalId: `${tag}-${index}-${count}`,
      status: "succeeded",
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      finishedAt: new Date().toISOString(),
    })),
  });
  const headers = { authorization: `Bearer ${key}` };
  const admitted = await request.post("/api/v1/executions", { headers, data: runs(100) });
  expect(admitted.status()).toBe(200);
  expect(admitted.headers()["ratelimit-limit"]).toBe("100");
  expect(Number(admitted.headers()["ratelimit-remaining"])).toBeLessThanOrEqual(1);
  expect(admitted.headers()["ratelimit-policy"]).toBe('"key";q=100;w=100, "company";q=200;w=20');

  const refused = await request.post("/api/v1/executions", { headers, data: runs(50) });
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(30);
  expect(retryAfter).toBeLessThanOrEqual(50);
  expect(refused.headers()["ratelimit"]).toMatch(/^"key";r=\d;t=\d+, "company";r=\d+;t=\d+$/);
  const body = (await refused.json()) as { error: string; limit: string; retryAfterSeconds: number; policy: unknown };
  expect(body).toMatchObject({ limit: "key", retryAfterSeconds: retryAfter, policy: { ratePerMinute: 60, burst: 100 } });
  expect(body.error).toContain("Rate limit of this ingestion key reached: at most 60 reports a minute, in bursts of up to 100. Nothing was recorded");
  const [stored] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM workflow_executions WHERE external_id LIKE ${`${tag}-%`}`;
  expect(stored?.n).toBe(100);

  // the company's SE sees the traffic, the refusal flagged (counted within seconds), and no form
  await expect
    .poll(async () => (await sql<{ n: number }[]>`SELECT coalesce(sum(refused_requests), 0)::int AS n FROM ingestion_traffic WHERE company_id = ${company.id}`)[0]?.n, { timeout: 10_000 })
    .toBe(1);
  const se = await (await browser.newContext()).newPage();
  await signIn(se, DEMO.se);
  await se.goto(`/admin/companies/${company.id}`);
  const row = se.getByTestId("ingestion-traffic-row").filter({ hasText: "E2E limits" });
  await expect(row).toContainText("100");
  await expect(row).toContainText("1 (50)");
  await expect(row).toContainText("1 refused");
  await expect(se.getByRole("button", { name: "Save limits" })).toHaveCount(0);
  await se.context().close();
});
