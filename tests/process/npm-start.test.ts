// Stopping and crashing cleanly (issue 19), on the real thing: `npm start` (the production
// build `npm test` has just made), on spare ports with its own data folder, run by npm as a
// user or a process manager runs it.
// 1. SIGTERM to the npm process: a request in flight finishes, then every process of the
//    tree exits and every port is free. (Also: a forged X-Forwarded-For, or a forged copy of
//    our peer header, from this untrusted peer does not change the address sign-in
//    throttling and the audit log record; issue 16, item 4.)
// 2. kill -9 of the process that owns the embedded database, while batches are being
//    written: its children are gone within seconds, and the ports are free.
// 3. The next start replaces the stale runtime.json, serves every run that was answered
//    with success, each batch whole or absent, rollups equal to raw runs; SIGINT stops it.
// Run alone: `npx tsx scripts/build.ts` (once), then `npx vitest run --project process`.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@/db/seed";
import { generateIngestionKey } from "@/lib/ingestion";
import { buildIsCurrent } from "../../scripts/lib/build";
import { freePort, portIsFree, processTree, spawnNpm, waitForExitOfAll, waitUntil, type Spawned } from "../support/processes";

const ACME = stableId("company:acme");
const WORKFLOW = stableId("workflow:acme:Shipment status sync");
const BATCH_SIZE = 100;

type Report = { workflowId: string; externalId: string; status: "succeeded"; startedAt: string; finishedAt: string };

describe("npm start stops and crashes cleanly", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "nexus-process-"));
  const runtimeFile = path.join(dataDir, "runtime.json");
  let ports: { web: number; database: number; realtime: number };
  let env: NodeJS.ProcessEnv;
  let nexus: Spawned | null = null;
  let key = "";
  /** external ids of runs the API answered with success: they must survive anything */
  const committed = new Set<string>();
  /** batches sent when the owner was killed: answered (200) or not */
  const batches: { prefix: string; answered: boolean }[] = [];
  let sequence = 0;

  const report = (externalId: string): Report => {
    sequence += 1;
    const started = Date.UTC(2026, 10, 2, 8) + sequence * 61_000;
    return {
      workflowId: WORKFLOW,
      externalId,
      status: "succeeded",
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + 4_000 + (sequence % 9) * 1_000).toISOString(),
    };
  };
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${ports.web}/api/v1/executions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const ingestSingles = async (count: number, prefix: string) => {
    for (let index = 0; index < count; index += 1) {
      const externalId = `${prefix}-${index}`;
      const response = await post(report(externalId));
      expect(response.status, await response.clone().text()).toBe(201);
      committed.add(externalId);
    }
  };
  const batchOf = (prefix: string) => ({ runs: Array.from({ length: BATCH_SIZE }, (_, index) => report(`${prefix}-${index}`)) });

  const withDatabase = async <T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    const { url } = JSON.parse(readFileSync(runtimeFile, "utf8")) as { url: string };
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await run(sql);
    } finally {
      await sql.end();
    }
  };

  const boot = async (): Promise<Spawned> => {
    const started = spawnNpm("start", env);
    nexus = started;
    await waitUntil(
      async () => {
        if (started.child.exitCode !== null) throw new Error(`npm start exited:\n${started.output()}`);
        return fetch(`http://127.0.0.1:${ports.web}/api/health`).then((response) => response.ok, () => false);
      },
      240_000,
      `npm start to serve\n${started.output()}`,
    );
    return started;
  };

  const portsFree = async () => {
    for (const port of Object.values(ports)) expect(await portIsFree(port), `port ${port}`).toBe(true);
  };

  beforeAll(async () => {
    if (!buildIsCurrent()) {
      throw new Error("No production build of the current sources: run `npm test` (its build stage) or `npx tsx scripts/build.ts` first.");
    }
    ports = { web: await freePort(0), database: await freePort(1), realtime: await freePort(2) };
    env = {
      ...process.env,
      PORT: String(ports.web),
      PGLITE_PORT: String(ports.database),
      PUSHER_PORT: String(ports.realtime),
      NEXUS_DATA_DIR: dataDir,
      // two web workers: the cluster is what used to be orphaned
      WEB_CONCURRENCY: "2",
      STOP_GRACE_SECONDS: "5",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      CREDENTIAL_KEYS: `1:${randomBytes(32).toString("base64")}`,
      PUSHER_APP_ID: "process-test",
      PUSHER_KEY: randomBytes(10).toString("hex"),
      PUSHER_SECRET: randomBytes(24).toString("hex"),
      LOG_LEVEL: "warn",
    };
    for (const name of ["NODE_ENV", "DATABASE_URL", "TEST_DATABASE_URL", "PUSHER_CLUSTER", "PUSHER_HOST", "TRUSTED_PROXIES", "VERCEL"]) {
      delete env[name];
    }
  }, 30_000);

  afterAll(() => {
    if (nexus) for (const pid of processTree(nexus.pid)) process.kill(pid, "SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stops on SIGTERM to npm: the request in flight finishes, every process exits, every port is free", async () => {
    const running = await boot();
    const generated = generateIngestionKey();
    await withDatabase(async (sql) => {
      await sql`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash) VALUES (${ACME}, 'process test', ${generated.prefix}, ${generated.keyHash})`;
      // these tests send batches of 100 in a burst: above the default rate limits (issue 20)
      await sql`INSERT INTO ingestion_limits (company_id, key_rate_per_minute, key_burst, company_rate_per_minute, company_burst)
        VALUES (${ACME}, 100000, 10000, 100000, 10000)
        ON CONFLICT (company_id) DO UPDATE SET key_rate_per_minute = 100000, key_burst = 10000, company_rate_per_minute = 100000, company_burst = 10000`;
    });
    key = generated.key;
    await ingestSingles(15, "term");

    // trusted proxies: this peer (loopback) is trusted by nobody, so what it claims is ignored
    const email = `forged-${randomUUID()}@example.com`;
    const csrf = await fetch(`http://127.0.0.1:${ports.web}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    await fetch(`http://127.0.0.1:${ports.web}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie,
        "x-forwarded-for": "203.0.113.9",
        "x-real-ip": "203.0.113.10",
        "x-nexus-peer-address": "198.51.100.77",
      },
      body: new URLSearchParams({ csrfToken, email, password: "not the password" }),
    });
    const seen = await withDatabase(async (sql) => ({
      attempts: (await sql<{ ip: string }[]>`SELECT ip FROM login_attempts WHERE email = ${email}`).map((row) => row.ip),
      audit: (await sql<{ ip: string | null }[]>`SELECT host(ip) AS ip FROM audit_log WHERE action = 'auth.sign_in_failed' AND actor_email = ${email}`).map(
        (row) => row.ip,
      ),
    }));
    expect(seen).toEqual({ attempts: ["127.0.0.1"], audit: ["127.0.0.1"] });

    const tree = processTree(running.pid);
    expect(tree.length, "npm, start.ts, the cluster and its two workers").toBeGreaterThanOrEqual(5);
    const inFlight = post(batchOf("term-batch")).then(
      (response) => response.status,
      () => null,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(running.pid, "SIGTERM");
    const status = await inFlight;
    // accepted before the stop: answered; else refused, never cut off half-way
    if (status !== null) {
      expect(status).toBe(200);
      for (let index = 0; index < BATCH_SIZE; index += 1) committed.add(`term-batch-${index}`);
    }
    expect(await running.exited, running.output()).toEqual({ code: 0, signal: null });
    await waitForExitOfAll(tree, 10_000);
    await portsFree();
    expect(existsSync(runtimeFile)).toBe(false);
    expect(running.output()).toContain("Nexus stopped.");
  });

  it("kill -9 of the database owner mid-batch: its children exit by themselves within seconds", async () => {
    const running = await boot();
    expect(running.output()).not.toContain("seeding");
    await ingestSingles(10, "kill");
    const owner = (JSON.parse(readFileSync(runtimeFile, "utf8")) as { pid: number }).pid;
    const tree = processTree(running.pid);
    expect(tree).toContain(owner);

    const sent = Array.from({ length: 4 }, (_, index) => {
      const prefix = `crash-batch-${index}`;
      return post(batchOf(prefix)).then(
        (response) => ({ prefix, answered: response.status === 200 }),
        () => ({ prefix, answered: false }),
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    process.kill(owner, "SIGKILL");
    batches.push(...(await Promise.all(sent)));
    for (const batch of batches) if (batch.answered) for (let index = 0; index < BATCH_SIZE; index += 1) committed.add(`${batch.prefix}-${index}`);

    await running.exited;
    const took = await waitForExitOfAll(tree, 5_000);
    expect(took).toBeLessThan(5_000);
    await portsFree();
    // left behind by the crash, for the next start to detect
    expect(existsSync(runtimeFile)).toBe(true);
  });

  it("the next start replaces the stale runtime.json and serves every committed run; batches whole or absent; SIGINT stops it", async () => {
    const running = await boot();
    expect(running.output()).toContain("Replacing a stale");
    const found = await withDatabase(async (sql) => {
      const rows = await sql<{ external_id: string }[]>`SELECT external_id FROM workflow_executions WHERE workflow_id = ${WORKFLOW}`;
      const drift = await sql<{ n: number }[]>`
        WITH raw AS (
          SELECT (started_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS runs,
            (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded, (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
            coalesce(sum(duration_ms), 0)::bigint AS total_duration_ms,
            coalesce(sum(minutes_saved) FILTER (WHERE status = 'succeeded'), 0)::bigint AS minutes_saved
          FROM workflow_executions WHERE workflow_id = ${WORKFLOW} GROUP BY 1
        ),
        rollup AS (
          SELECT day, runs, succeeded, failed, total_duration_ms, minutes_saved
          FROM execution_daily_stats WHERE workflow_id = ${WORKFLOW} AND runs <> 0
        )
        SELECT count(*)::int AS n FROM ((SELECT * FROM raw EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM raw)) d`;
      return { ids: new Set(rows.map((row) => row.external_id)), drift: drift[0]?.n };
    });
    const missing = [...committed].filter((id) => !found.ids.has(id));
    expect(missing).toEqual([]);
    for (const { prefix } of batches) {
      const stored = [...found.ids].filter((id) => id.startsWith(`${prefix}-`)).length;
      expect([0, BATCH_SIZE], `${prefix}: ${stored} runs`).toContain(stored);
    }
    expect(found.drift).toBe(0);

    const tree = processTree(running.pid);
    process.kill(running.pid, "SIGINT");
    expect(await running.exited, running.output()).toEqual({ code: 0, signal: null });
    await waitForExitOfAll(tree, 10_000);
    await portsFree();
    expect(existsSync(runtimeFile)).toBe(false);
  });
});
