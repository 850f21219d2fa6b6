// Ingestion rate limits (issue 20) on real engines: token buckets per key and per company
// stored in the database, batches counted by their reports, two app instances sharing one
// limit, the 429 answer, a refused run recorded when sent again, and the SE told once.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setIngestionLimits } from "@/app/(admin)/admin/companies/[id]/ingestion-limits/commands";
import { createDb } from "@/db/client";
import { insertIngestionKey } from "@/db/queries/ingestion-keys";
import { writeIngestionLimits, type IngestionLimitSettings } from "@/db/queries/ingestion-limits";
import { auditLog, ingestionLimits, notifications, users } from "@/db/schema";
import { stableId } from "@/db/seed";
import { answerOf, generateIngestionKey, ingestExecution, type IngestionOutcome } from "@/lib/ingestion";
import { forgetIngestionBuckets, MEMORY_MS, REFUSAL_NOTICE } from "@/lib/ingestion-limits";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const ACME = stableId("company:acme");
const ACME_WORKFLOW = stableId("workflow:acme:Shipment status sync");
const BRIGHTSIDE = stableId("company:brightside");
const COPPERLEAF = stableId("company:copperleaf");
const COPPERLEAF_WORKFLOW = stableId("workflow:copperleaf:Lead routing");

let sequence = 0;
const report = (workflowId: string, externalId = `limits-${++sequence}`) => ({
  workflowId,
  externalId,
  status: "succeeded",
  startedAt: "2026-11-20T10:00:00Z",
  finishedAt: "2026-11-20T10:00:42Z",
});
const batch = (workflowId: string, size: number, tag = `batch-${++sequence}`) => ({
  runs: Array.from({ length: size }, (_, index) => report(workflowId, `${tag}-${index}`)),
});

function post(key: string, body: unknown): Request {
  return new Request("http://nexus.test/api/v1/executions", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

describe.each(engines)("ingestion rate limits on %s", (engine) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createSeededDatabase(engine);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A new key of the company (a fresh key bucket; the company's bucket is shared). */
  async function newKey(companyId: string): Promise<string> {
    const generated = generateIngestionKey();
    await insertIngestionKey(db, { companyId, name: `limits ${++sequence}`, prefix: generated.prefix, keyHash: generated.keyHash, createdById: null });
    return generated.key;
  }
  async function setLimits(companyId: string, values: Partial<IngestionLimitSettings>) {
    await writeIngestionLimits(db, {
      companyId,
      values: { keyRatePerMinute: null, keyBurst: null, companyRatePerMinute: null, companyBurst: null, ...values },
      updatedById: null,
    });
    // a fresh company bucket for each test: it starts full at the new burst
    await db.execute(sql`DELETE FROM ingestion_buckets WHERE company_id = ${companyId}`);
    forgetIngestionBuckets();
  }
  /**
   * Pretends `seconds` have passed for the key's (or company's) bucket: its last update
   * moves back (and the instance forgets what it remembered of the bucket).
   */
  async function age(companyId: string, seconds: number) {
    await db.execute(sql`UPDATE ingestion_buckets SET updated_at = updated_at - make_interval(secs => ${seconds}) WHERE company_id = ${companyId}`);
    forgetIngestionBuckets();
  }
  const runsTagged = async (prefix: string) =>
    (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM workflow_executions WHERE external_id LIKE ${`${prefix}%`}`))[0]?.n ?? -1;
  const refused = (outcome: IngestionOutcome) => {
    if (outcome.status !== 429) throw new Error(`expected 429, got ${outcome.status}: ${"error" in outcome ? outcome.error : ""}`);
    return outcome;
  };

  // Recording a batch takes a while on PGlite: where the tests count tokens exactly, the
  // rate is one report a minute, so nothing refills meanwhile, and time passes by `age`.
  it("admits a burst up to the bucket, counts a batch by its reports, and refuses the report after", async () => {
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(ACME);
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 60)))).status).toBe(200);
    const forty = await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 40)));
    expect(forty.status).toBe(200);
    expect(forty.headers?.["RateLimit-Remaining"]).toBe("0");
    const single = refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW, "limits-after-burst"))));
    expect(single.refusal).toMatchObject({ limit: "key", ratePerMinute: 1, burst: 100 });
    // the next token comes within a minute (a little sooner: recording took a moment)
    expect(single.refusal.retryAfterSeconds).toBeGreaterThan(45);
    expect(single.refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await runsTagged("limits-after-burst")).toBe(0);
  });

  it("refills from the time elapsed, never above the burst", async () => {
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(ACME);
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 100)))).status).toBe(200);
    refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
    await age(ACME, 30 * 60); // one report a minute: 30 tokens
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 30)))).status).toBe(200);
    refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
    await age(ACME, 24 * 3_600); // a day would be 1,440 tokens: the bucket holds 100 at most
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 100)))).status).toBe(200);
    refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
  });

  it("refuses a whole batch that needs more than is left, saying when it will fit", async () => {
    await setLimits(ACME, { keyRatePerMinute: 600, keyBurst: 100 });
    const key = await newKey(ACME);
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 70)))).status).toBe(200);
    // as the bucket was when the batch was taken (recording it took a moment, which refills)
    await db.execute(sql`UPDATE ingestion_buckets SET tokens = 30, updated_at = clock_timestamp() WHERE scope = 'key' AND company_id = ${ACME} AND tokens < 100`);
    forgetIngestionBuckets();
    // 30 left, 50 asked: 20 more at 10 a second is 2 s; nothing of it is recorded
    const outcome = refused(await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 50, "limits-big-batch"))));
    expect(outcome.refusal.retryAfterSeconds).toBe(2);
    expect(await runsTagged("limits-big-batch")).toBe(0);
    // what is left still serves a smaller request: a refusal took nothing
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 30)))).status).toBe(200);
  });

  it("shares the company's limit among its keys, and leaves other companies alone", async () => {
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100, companyRatePerMinute: 1, companyBurst: 150 });
    const [first, second, copperleaf] = [await newKey(ACME), await newKey(ACME), await newKey(COPPERLEAF)];
    expect((await ingestExecution(db, post(first, batch(ACME_WORKFLOW, 100)))).status).toBe(200);
    // the second key's own bucket is full, the company's holds 50
    const outcome = refused(await ingestExecution(db, post(second, batch(ACME_WORKFLOW, 100))));
    expect(outcome.refusal).toMatchObject({ limit: "company", burst: 150 });
    expect(outcome.error).toContain("this company's ingestion keys together");
    expect((await ingestExecution(db, post(second, batch(ACME_WORKFLOW, 50)))).status).toBe(200);
    refused(await ingestExecution(db, post(second, report(ACME_WORKFLOW))));
    // another company, its own buckets
    expect((await ingestExecution(db, post(copperleaf, batch(COPPERLEAF_WORKFLOW, 100)))).status).toBe(200);
  });

  it("holds one limit across two app instances racing on their own connections", async () => {
    // a rate so slow that nothing refills during the test: exactly the burst gets in
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(ACME);
    const other = createDb(database.url, { max: 10 });
    try {
      const instances = [db, other.db];
      const outcomes = await Promise.all(
        Array.from({ length: 160 }, (_, index) => ingestExecution(instances[index % 2] ?? db, post(key, report(ACME_WORKFLOW, `limits-race-${index}`)))),
      );
      const statuses = outcomes.map((outcome) => outcome.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(100);
      expect(statuses.filter((status) => status === 429)).toHaveLength(60);
      // each instance got some of each: they really raced
      for (const parity of [0, 1]) {
        const mine = statuses.filter((_, index) => index % 2 === parity);
        expect(mine.some((status) => status === 201) && mine.some((status) => status === 429)).toBe(true);
      }
      expect(await runsTagged("limits-race-")).toBe(100);
    } finally {
      await other.client.end();
    }
  });

  it("answers 429 with Retry-After, the RateLimit headers and a body that names the limit", async () => {
    await setLimits(ACME, { keyRatePerMinute: 120, keyBurst: 100, companyRatePerMinute: 6_000, companyBurst: 1_000 });
    const key = await newKey(ACME);
    const admitted = answerOf(await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 99))));
    expect(admitted.status).toBe(200);
    expect(admitted.headers).toMatchObject({ "RateLimit-Limit": "100", "RateLimit-Remaining": "1" });
    expect(admitted.headers["RateLimit-Policy"]).toBe('"key";q=100;w=50, "company";q=1000;w=10');
    expect(admitted.headers.RateLimit).toMatch(/^"key";r=1;t=50, "company";r=901;t=1$/);

    // recording the batch took a moment: the key's bucket as it was when the batch was taken
    await db.execute(sql`UPDATE ingestion_buckets SET tokens = 1, updated_at = clock_timestamp() WHERE scope = 'key' AND company_id = ${ACME} AND tokens < 100`);
    forgetIngestionBuckets();
    const answer = answerOf(await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 5, "limits-answer"))));
    expect(answer.status).toBe(429);
    // 1 token left (a little more by now), 5 asked, 2 a second: 2 s
    expect(answer.headers).toMatchObject({ "Retry-After": "2", "RateLimit-Limit": "100", "RateLimit-Remaining": "1", "RateLimit-Reset": "2" });
    // the company's bucket refills at 100 a second: by now it is (nearly) full again
    expect(answer.headers.RateLimit).toMatch(/^"key";r=1;t=2, "company";r=\d+;t=[01]$/);
    expect(answer.body).toMatchObject({
      limit: "key",
      retryAfterSeconds: 2,
      policy: { ratePerMinute: 120, burst: 100 },
    });
    const body = answer.body as { error: string; retryAt: string };
    expect(body.error).toBe(
      "Rate limit of this ingestion key reached: at most 120 reports a minute, in bursts of up to 100. Nothing was recorded; send this request's 5 reports again in 2 s (Retry-After).",
    );
    expect(Math.abs(Date.parse(body.retryAt) - Date.now() - 2_000)).toBeLessThan(1_000);
    expect(await runsTagged("limits-answer")).toBe(0);
  });

  it("records a refused run when the engine sends it again later", async () => {
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(ACME);
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 100)))).status).toBe(200);
    const late = report(ACME_WORKFLOW, "limits-retried");
    refused(await ingestExecution(db, post(key, late)));
    expect(await runsTagged("limits-retried")).toBe(0);
    await age(ACME, 60);
    const retried = await ingestExecution(db, post(key, late));
    expect(retried.status).toBe(201);
    expect(await runsTagged("limits-retried")).toBe(1);
  });

  it("counts each key's traffic a minute, admitted and refused", async () => {
    await setLimits(BRIGHTSIDE, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(BRIGHTSIDE);
    const [workflow] = await db.execute<{ id: string }>(sql`SELECT id FROM workflows WHERE company_id = ${BRIGHTSIDE} ORDER BY name LIMIT 1`);
    const workflowId = workflow?.id ?? "";
    expect((await ingestExecution(db, post(key, batch(workflowId, 80)))).status).toBe(200);
    refused(await ingestExecution(db, post(key, batch(workflowId, 30))));
    refused(await ingestExecution(db, post(key, batch(workflowId, 25))));
    expect((await ingestExecution(db, post(key, batch(workflowId, 20)))).status).toBe(200);
    const [row] = await db.execute<{ admitted_requests: number; admitted_reports: number; refused_requests: number; refused_reports: number }>(sql`
      SELECT sum(admitted_requests)::int AS admitted_requests, sum(admitted_reports)::int AS admitted_reports,
             sum(refused_requests)::int AS refused_requests, sum(refused_reports)::int AS refused_reports
      FROM ingestion_traffic WHERE company_id = ${BRIGHTSIDE}`);
    expect(row).toEqual({ admitted_requests: 2, admitted_reports: 100, refused_requests: 2, refused_reports: 55 });
  });

  it("tells the company's SE once when a key keeps being refused, with the figures", async () => {
    await setLimits(ACME, { keyRatePerMinute: 1, keyBurst: 100 });
    const key = await newKey(ACME);
    expect((await ingestExecution(db, post(key, batch(ACME_WORKFLOW, 100)))).status).toBe(200);
    const [sam] = await db.select({ id: users.id }).from(users).where(eq(users.email, "sam@nexus.example.com"));
    const told = async () =>
      db
        .select({ userId: notifications.userId, title: notifications.title, body: notifications.body, link: notifications.link })
        .from(notifications)
        .where(and(eq(notifications.type, "ingestion_throttled"), eq(notifications.companyId, ACME)));

    // just under the threshold: nobody is told. Most of these are refused from the
    // instance's memory of the buckets, and counted with the key's next statement.
    for (let index = 0; index < REFUSAL_NOTICE.threshold - 1; index += 1) refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
    expect(await told()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, MEMORY_MS + 100));
    // the next refusal goes to the database: with the 99 before it, the threshold is met
    refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
    expect(await told()).toHaveLength(1);
    // more, from many requests at once and after the memory expires again: still one notice
    const more = await Promise.all(Array.from({ length: 20 }, () => ingestExecution(db, post(key, report(ACME_WORKFLOW)))));
    expect(more.every((outcome) => outcome.status === 429)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, MEMORY_MS + 100));
    for (let index = 0; index < 10; index += 1) refused(await ingestExecution(db, post(key, report(ACME_WORKFLOW))));
    const notices = await told();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.userId).toBe(sam?.id);
    expect(notices[0]?.title).toMatch(/^Acme Logistics: ingestion key “limits \d+” is over its rate limit$/);
    expect(notices[0]?.body).toMatch(/refused 100 requests \(100 reports\) from key nxk_.{8}… and accepted 100 reports/);
    expect(notices[0]?.link).toBe(`/admin/companies/${ACME}#ingestion-limits`);
  });

  it("lets an admin set a company's limits (audited, applied on the next request), and nobody else", async () => {
    await setLimits(COPPERLEAF, {});
    const key = await newKey(COPPERLEAF);
    const form = { companyId: COPPERLEAF, keyRatePerMinute: "60", keyBurst: "100", companyRatePerMinute: "", companyBurst: "" };
    for (const email of ["sam@nexus.example.com", "priya@nexus.example.com", "daniel@copperleaf.example.com"]) {
      const result = await setIngestionLimits(contextFor(db, await viewerFor(db, email)), form);
      expect(result, email).toMatchObject({ ok: false, status: 403 });
    }
    const admin = contextFor(db, await viewerFor(db, "admin@nexus.example.com"));
    for (const [field, value] of [["keyRatePerMinute", "59"], ["keyBurst", "99"], ["companyBurst", "1.5"], ["companyRatePerMinute", "600001"], ["keyBurst", "-100"]] as const) {
      const refused = await setIngestionLimits(admin, { ...form, [field]: value });
      expect(refused.ok ? null : refused.fieldErrors?.[field]?.[0], `${field}=${value}`).toMatch(/Enter a whole number from/);
    }
    expect(await setIngestionLimits(admin, form)).toMatchObject({ ok: true });
    const [stored] = await db.select().from(ingestionLimits).where(eq(ingestionLimits.companyId, COPPERLEAF));
    expect(stored).toMatchObject({ keyRatePerMinute: 60, keyBurst: 100, companyRatePerMinute: null, companyBurst: null });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "company.ingestion_limits"), eq(auditLog.companyId, COPPERLEAF)));
    expect(entry?.changes).toEqual({ keyRatePerMinute: { from: null, to: 60 }, keyBurst: { from: null, to: 100 } });
    expect(await setIngestionLimits(admin, form)).toMatchObject({ ok: true, message: "Nothing to save: the limits are unchanged." });
    // the key's next requests meet the new limit: a burst of 100, then a report a second
    expect((await ingestExecution(db, post(key, batch(COPPERLEAF_WORKFLOW, 100)))).status).toBe(200);
    expect(refused(await ingestExecution(db, post(key, batch(COPPERLEAF_WORKFLOW, 100)))).refusal).toMatchObject({ limit: "key", ratePerMinute: 60, burst: 100 });
  });
});
