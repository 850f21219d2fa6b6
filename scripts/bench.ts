// `npm run bench`: the production build against a million runs (or `--runs=`) on a throwaway
// PostgreSQL database — every page for one user and for ten, database time per page,
// ingestion throughput with a lost/duplicate check, a noisy neighbour, and realtime fan-out
// — printed as tables and written into BENCHMARKS.md.
// What is measured and how: BENCHMARKS.md.
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import postgres from "postgres";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { rebuildRollups } from "../db/queries/rollups";
import { seed } from "../db/seed";
import { seedBilling } from "../db/seed-billing";
import { DEMO_PASSWORD, demoCompanies, demoStaff, stableId } from "../db/seed-data";
import { admitIngestion } from "../lib/ingestion-limits";
import { benchCompanyId, generateBenchData, historyDays } from "./lib/bench-data";
import { assertSignedIn, describeStatuses, runLoad, signInCookie, summarise, type LoadResult } from "./lib/bench-http";
import { benchPages, ensureBenchAdmins, type BenchPage, type BenchUser } from "./lib/bench-pages";
import { enableStatements, readStatements, resetStatements, STATEMENTS_HINT } from "./lib/bench-statements";
import {
  ingestionPasses,
  noisyPasses,
  pagePasses,
  realtimePasses,
  renderResults,
  writeBenchmarksFile,
  type IngestionMeasurement,
  type NoisyNeighbourMeasurement,
  type PageLoad,
  type PageMeasurement,
  type SizeMeasurement,
} from "./lib/bench-report";
import { renderProfile, summariseProfiles } from "./lib/cpu-profile";
import { serverWorkers, startNextServer, waitForHttp } from "./lib/next-server";
import { measureRealtimeLatency } from "./lib/realtime-latency";
import { startRealtimeServer, type RealtimeServer } from "./lib/realtime-server";

const COMPANIES = 200;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2; // pages, before the one-user pass; ingestion warms up with 9 requests a connection
const PAGE_SECONDS = 6; // each of the two passes per page
const REALTIME_SUBSCRIBERS = 200;
const INGESTION_SECONDS = 15;
const INGESTION_BATCH = 96; // reports per request in the batched measurement
const REALTIME_EVENTS = 200;
// noisy neighbour (issue 20): one key floods from 30 connections while one client loads its dashboard
const NOISY = { floodConnections: 30, pageConnections: 2, warmupSeconds: 4, seconds: 20, limiterCalls: 500 };
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[?::1\]?|localhost)$/;

// Knobs for working on one page: keep the generated database, reuse it later, measure only
// some things. A partial or reused run prints its table but never rewrites BENCHMARKS.md.
const { values: options } = parseArgs({
  options: {
    keep: { type: "boolean", default: false },
    database: { type: "string" },
    only: { type: "string" },
    runs: { type: "string", default: "1000000" },
    profile: { type: "string" },
  },
});
// `--profile=/admin/billing`: the server's workers run under `node --cpu-prof`, only that page
// is measured, and where their CPU went is printed (scripts/lib/cpu-profile.ts).
const profileRoute = options.profile;
// `--runs=1000000,10000000` measures every page at each size, growing the same database in
// between, and adds the growth line (p95 at the last size over p95 at the first).
const sizes = options.runs.split(",").map((item) => Number(item.replace(/[_k]/g, (c) => (c === "k" ? "000" : ""))));
if (sizes.some((size) => !Number.isInteger(size) || size < 10_000) || sizes.some((size, i) => i > 0 && size <= (sizes[i - 1] ?? 0))) {
  console.error("--runs takes run counts of at least 10000, ascending, e.g. --runs=100000 or --runs=1000000,10000000.");
  process.exit(1);
}
const reuseDatabase = options.database;
if (reuseDatabase !== undefined && !/^nexus_bench_[0-9a-f]{12}$/.test(reuseDatabase)) {
  console.error("--database takes the name a --keep run printed (nexus_bench_ and 12 hex digits).");
  process.exit(1);
}
const only = profileRoute
  ? new Set([profileRoute])
  : options.only
    ? new Set(options.only.split(",").map((item) => item.trim()))
    : null;
// `--only=pages` is every page and nothing else
const wanted = (item: string) => only === null || only.has(item) || (only.has("pages") && item.startsWith("/"));
const partialRun = only !== null || reuseDatabase !== undefined;

const startedAt = new Date();
const clock = performance.now();
const elapsed = () => `${((performance.now() - clock) / 1000).toFixed(1).padStart(6)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

// ---------------------------------------------------------------- preconditions

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  fail("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server on loopback, e.g.\n  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55433/postgres npm run bench");
}
let parsedServerUrl: URL;
try {
  parsedServerUrl = new URL(serverUrl);
} catch {
  fail("BENCH_DATABASE_URL is not a URL.");
}
if (!/^postgres(ql)?:$/.test(parsedServerUrl.protocol) || !LOOPBACK.test(parsedServerUrl.hostname)) {
  // The bench creates and drops databases: only on a server of this machine.
  fail(`Refusing ${parsedServerUrl.protocol}//${parsedServerUrl.host}: the benchmark runs only against a PostgreSQL server on loopback (127.0.0.1, ::1, localhost).`);
}
if (!existsSync(path.join(".next", "BUILD_ID"))) {
  fail("No production build: run `npm run build` first.");
}

// ---------------------------------------------------------------- cleanup, also on Ctrl-C

const cleanups: { label: string; run: () => Promise<void> }[] = [];
let cleaningUp: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const { label, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        console.error(`cleanup (${label}) failed:`, error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaningUp;
}
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
    console.log(`\n${signal}: stopping and dropping the bench database…`);
    void cleanup().then(() => process.exit(130));
  });
}

/** Runs a step and logs how long it took. */
const steps: { label: string; seconds: number }[] = [];
async function step<T>(label: string, run: () => Promise<T>, options: { record?: boolean } = {}): Promise<T> {
  log(`${label}…`);
  const began = performance.now();
  const result = await run();
  const seconds = (performance.now() - began) / 1000;
  if (options.record) steps.push({ label, seconds });
  log(`${label}: ${seconds.toFixed(1)} s`);
  return result;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function main(): Promise<number> {
  const loadAtStart = os.loadavg();
  log(`Nexus benchmark: ${os.cpus().length} CPUs, load average ${loadAtStart.map((load) => load.toFixed(2)).join(" / ")}`);

  // ------------------------------------------------------------ 1. a throwaway database
  const admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
  cleanups.push({ label: "server connection", run: () => admin.end({ timeout: 5 }) });
  const databaseName = reuseDatabase ?? `nexus_bench_${randomBytes(6).toString("hex")}`;
  const [versionRow] = await admin<{ server_version: string }[]>`SHOW server_version`;
  // The name is ours (hex), so it can go into the statement as is.
  if (!reuseDatabase) await admin.unsafe(`CREATE DATABASE ${databaseName}`);
  if (options.keep || reuseDatabase) {
    cleanups.push({ label: "keep database", run: async () => log(`kept database ${databaseName}: reuse it with --database ${databaseName}`) });
  } else {
    cleanups.push({
      label: "drop database",
      run: async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
        log(`dropped database ${databaseName}`);
      },
    });
  }
  const databaseUrl = new URL(serverUrl as string);
  databaseUrl.pathname = `/${databaseName}`;
  log(`created database ${databaseName} on ${databaseUrl.host} (PostgreSQL ${versionRow?.server_version ?? "?"})`);

  // ------------------------------------------------------------ 2. data: seed + 1 M runs
  const now = new Date();
  // Derived from the database's (random) name, so a reused database still decrypts.
  const credentialKeys = `1:${createHash("sha256").update(databaseName).digest("base64")}`;
  await step("migrate", () => runMigrations(databaseUrl.href), { record: true });
  const { db, client } = createDb(databaseUrl.href, { max: 4 });
  cleanups.push({ label: "bench connection", run: () => client.end({ timeout: 5 }) });
  /** Generates (or grows the data to) `runs` runs, rebuilds the rollups and analyses. */
  const loadData = async (runs: number) => {
    const generated = await step(
      `generate ${COMPANIES} companies and ${runs.toLocaleString("en-US")} runs over ${historyDays(runs)} days`,
      () => generateBenchData(db, { companies: COMPANIES, runs }, now),
      { record: true },
    );
    log(`  ${generated.seededRuns.toLocaleString("en-US")} runs before + ${generated.generatedRuns.toLocaleString("en-US")} generated`);
    const rollupFrom = new Date(now.getTime() - (historyDays(runs) + 8) * 86_400_000).toISOString().slice(0, 10);
    await step("rebuild the daily and hourly rollups", () => rebuildRollups(db, { from: rollupFrom, now }), { record: true });
    await step("past invoices for the new companies", () => seedBilling(db, { now }), { record: true });
    await step("VACUUM ANALYZE", async () => void (await client.unsafe("VACUUM ANALYZE")), { record: true });
  };
  const countData = async () => {
    const [totals] = await client<
      { companies: number; workflows: number; runs: number; days: number; table_mb: number; indexes_mb: number; daily_rows: number; hourly_rows: number }[]
    >`
      SELECT (SELECT count(*)::int FROM companies) AS companies,
             (SELECT count(*)::int FROM workflows) AS workflows,
             (SELECT count(*)::int FROM workflow_executions) AS runs,
             (SELECT ceil(extract(epoch FROM now() - min(started_at)) / 86400)::int FROM workflow_executions) AS days,
             (pg_table_size('workflow_executions') / 1048576.0)::float8 AS table_mb,
             (pg_indexes_size('workflow_executions') / 1048576.0)::float8 AS indexes_mb,
             (SELECT count(*)::int FROM execution_daily_stats) AS daily_rows,
             (SELECT count(*)::int FROM execution_hourly_stats) AS hourly_rows`;
    if (!totals) throw new Error("could not count the data set");
    log(
      `data: ${totals.companies} companies, ${totals.workflows} workflows, ${totals.runs.toLocaleString("en-US")} runs over ${totals.days} days; runs table ${Math.round(totals.table_mb)} MB + indexes ${Math.round(totals.indexes_mb)} MB; rollups: ${totals.daily_rows.toLocaleString("en-US")} daily rows, ${totals.hourly_rows.toLocaleString("en-US")} hourly`,
    );
    return totals;
  };
  if (!reuseDatabase) {
    await step("seed the demo data", () => seed(db, { now, credentialKeys }), { record: true });
    await loadData(sizes[0] as number);
  }
  const statementsOn = await enableStatements(client);
  if (!statementsOn) log(STATEMENTS_HINT);

  // ------------------------------------------------------------ 3. servers
  const realtimeCredentials = { appId: "bench", key: randomBytes(10).toString("hex"), secret: randomBytes(24).toString("hex") };
  const realtime: RealtimeServer = await startRealtimeServer({ ...realtimeCredentials, port: 0 });
  cleanups.push({ label: "realtime server", run: () => realtime.close() });
  const pusherEnv = {
    PUSHER_APP_ID: realtimeCredentials.appId,
    PUSHER_KEY: realtimeCredentials.key,
    PUSHER_SECRET: realtimeCredentials.secret,
    PUSHER_HOST: realtime.host,
    PUSHER_PORT: String(realtime.port),
  };
  // measureRealtimeLatency publishes from this process through lib/realtime.ts.
  Object.assign(process.env, pusherEnv);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const workers = profileRoute ? 1 : serverWorkers();
  const profileDirectory = profileRoute ? mkdtempSync(path.join(os.tmpdir(), "nexus-cpu-prof-")) : null;
  const server = await step(`start next start (${workers} worker process${workers === 1 ? "" : "es"})`, async () => {
    const child = startNextServer({
      port,
      workers,
      quiet: true,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl.href,
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        CREDENTIAL_KEYS: credentialKeys,
        // as `npm start` serves it: mail without SMTP kept in /admin/mailbox
        NEXUS_DEV_MAILBOX: "true",
        ...pusherEnv,
      },
      // a profile is of one worker process: the cluster's workers take no Node options
      nodeArgs: profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : undefined,
    });
    cleanups.push({ label: "next server", run: () => stopChild(child) });
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`next start exited (${code})`))));
    exited.catch(() => {}); // only raced below
    await Promise.race([waitForHttp(`${baseUrl}/api/health`, 120_000), exited]);
    return child;
  });
  log(`server on ${baseUrl} (pid ${server.pid})`);

  // ------------------------------------------------------------ 4. sign in 3 staff and 10 clients
  const extraAdmins = await ensureBenchAdmins(client, demoStaff[0].email);
  const staffAccounts = [
    ...demoStaff.map((staff) => ({ email: staff.email, role: staff.role as "admin" | "se", companyId: null })),
    ...extraAdmins.map((email) => ({ email, role: "admin" as const, companyId: null })),
  ];
  const clientAccounts = [
    ...demoCompanies.map((company) => ({ company, user: company.users[0] })),
    ...demoCompanies.slice(0, 4).map((company) => ({ company, user: company.users[1] })),
  ].flatMap(({ company, user }) => (user ? [{ email: user.email, role: "client" as const, companyId: stableId(`company:${company.key}`) }] : []));
  const signIn = async (accounts: Omit<BenchUser, "cookie">[], home: string): Promise<BenchUser[]> => {
    const users: BenchUser[] = [];
    for (const account of accounts) {
      const cookie = await signInCookie(baseUrl, account.email, DEMO_PASSWORD);
      await assertSignedIn(baseUrl, home, cookie, account.email);
      users.push({ ...account, cookie });
    }
    return users;
  };
  const { staff, clients } = await step(`sign in ${staffAccounts.length + clientAccounts.length} users`, async () => ({
    staff: await signIn(staffAccounts, "/admin"),
    clients: await signIn(clientAccounts, "/dashboard"),
  }));
  log(`  staff: ${staff.map((user) => user.email).join(", ")}`);
  log(`  clients: ${clients.map((user) => user.email).join(", ")}`);
  const pageList = (await benchPages(client, [...staff, ...clients])).filter((page) => wanted(page.route));

  // ------------------------------------------------------------ 5. every page, one user then ten
  /** One pass over a page: `connections` connections, connection i signed in as users[i % users.length]. */
  const load = async (page: BenchPage | null, users: BenchUser[], connections: number): Promise<{ result: PageLoad; raw: LoadResult }> => {
    const requestsFor = (index: number): autocannon.Request[] => {
      const user = users.length > 0 ? users[index % users.length] : undefined;
      return [
        {
          method: "GET",
          path: page && user ? page.pathFor(user) : "/login",
          headers: { accept: "text/html", "accept-encoding": "gzip", ...(user ? { cookie: user.cookie } : {}) },
        },
      ];
    };
    const raw = await runLoad({ baseUrl, connections, durationSeconds: PAGE_SECONDS, requestsFor });
    const result: PageLoad = {
      connections,
      users: Math.min(connections, Math.max(1, users.length)),
      latency: summarise(raw.latencies),
      requestsPerSecond: raw.requestsPerSecond,
      requests: raw.latencies.length,
      failures: raw.failures,
    };
    return { result, raw };
  };
  const measurePage = async (page: BenchPage | null): Promise<PageMeasurement> => {
    const users = page === null ? [] : page.area === "client" ? clients : page.adminOnly ? staff.filter((user) => user.role === "admin") : staff;
    const first = users.slice(0, 1);
    const label = page?.route ?? "/login";
    await runLoad({
      baseUrl,
      connections: 1,
      durationSeconds: WARMUP_SECONDS,
      requestsFor: () => [{ method: "GET", path: page && first[0] ? page.pathFor(first[0]) : "/login", headers: first[0] ? { cookie: first[0].cookie } : {} }],
    });
    if (statementsOn) await resetStatements(client);
    const one = await load(page, first, 1);
    const statements = statementsOn ? await readStatements(client, one.result.requests) : null;
    const ten = await load(page, users, CONNECTIONS);
    for (const pass of [one, ten]) {
      if (pass.raw.failures > 0) log(`  ${label}: ${describeStatuses(pass.raw.statusCounts)}${pass.raw.errors ? `, ${pass.raw.errors} errors` : ""}`);
    }
    const measured: PageMeasurement = {
      path: label,
      area: page?.area ?? "signed out",
      one: one.result,
      ten: ten.result,
      statements,
    };
    log(
      `  ${label}: one user p50 ${measured.one.latency.p50.toFixed(1)} / p95 ${measured.one.latency.p95.toFixed(1)} ms; ten p50 ${measured.ten.latency.p50.toFixed(1)} / p95 ${measured.ten.latency.p95.toFixed(1)} ms` +
        (statements ? `; ${statements.statementsPerRequest.toFixed(1)} statements, ${statements.dbMsPerRequest.toFixed(1)} ms of database a request` : ""),
    );
    for (const share of statements && statements.dbMsPerRequest >= 2 ? statements.top : []) {
      log(`      ${share.msPerRequest.toFixed(1)} ms a request (${share.callsPerRequest.toFixed(1)}× ${share.meanMs.toFixed(2)} ms): ${share.query.slice(0, 160)}`);
    }
    return measured;
  };
  const measureSize = async (): Promise<SizeMeasurement> => {
    const data = await countData();
    log(`pages: one user (1 connection) then ten (${CONNECTIONS} connections), ${PAGE_SECONDS} s each, after a ${WARMUP_SECONDS} s warm-up`);
    const floor = profileRoute ? emptyMeasurement("/login") : await measurePage(null);
    // `--profile=/login` profiles the floor itself
    const pages: PageMeasurement[] = profileRoute === "/login" ? [await measurePage(null)] : [];
    for (const page of pageList) pages.push(await measurePage(page));
    const storage = { tableMb: data.table_mb, indexesMb: data.indexes_mb, dailyRows: data.daily_rows, hourlyRows: data.hourly_rows };
    return { runs: data.runs, days: data.days, companies: data.companies, workflows: data.workflows, storage, floor, pages };
  };

  const measuredSizes: SizeMeasurement[] = [await measureSize()];
  if (profileDirectory) {
    const page = measuredSizes[0]?.pages[0];
    if (!page) fail(`--profile: no page ${profileRoute} (routes as in the table, e.g. /admin/companies/[id])`);
    await step("stop the server so its workers write their profiles", () => stopChild(server));
    const requests = page.one.requests + page.ten.requests;
    console.log(`\nCPU profile of ${profileRoute} (${profileDirectory}):\n${renderProfile(summariseProfiles(profileDirectory), requests)}\n`);
    return page.one.failures + page.ten.failures > 0 ? 1 : 0;
  }
  for (const runs of sizes.slice(1)) {
    if (reuseDatabase) break;
    await loadData(runs);
    measuredSizes.push(await measureSize());
  }

  // ------------------------------------------------------------ 6. ingestion
  const ingestion: IngestionMeasurement[] = [];
  if (wanted("ingestion")) {
    ingestion.push(await step("ingestion, one run per request", () => measureIngestion(client, baseUrl, null)));
    ingestion.push(await step(`ingestion, batches of ${INGESTION_BATCH}`, () => measureIngestion(client, baseUrl, INGESTION_BATCH)));
  }

  // ------------------------------------------------------------ 6b. noisy neighbour
  const noisy = wanted("noisy")
    ? await step("noisy neighbour: one key flooding past its limit beside another company's dashboard", () =>
        measureNoisyNeighbour(client, db, baseUrl, clients[0]?.cookie ?? ""),
      )
    : null;

  // ------------------------------------------------------------ 7. realtime
  const realtimeResult = wanted("realtime")
    ? await step(`realtime latency over ${REALTIME_EVENTS} events to ${REALTIME_SUBSCRIBERS} subscribers`, () =>
        measureRealtimeLatency(REALTIME_EVENTS, REALTIME_SUBSCRIBERS),
      )
    : null;
  if (realtimeResult) {
    log(
      `  publish → browser: p50 ${realtimeResult.p50.toFixed(1)} ms, p95 ${realtimeResult.p95.toFixed(1)} ms, p99 ${realtimeResult.p99.toFixed(1)} ms; missed by the other ${realtimeResult.subscribers - 1}: ${realtimeResult.missed}`,
    );
  }
  const pageErrors = measuredSizes.flatMap((size) => [size.floor, ...size.pages]).filter((page) => page.one.failures + page.ten.failures > 0);
  if (partialRun || ingestion.length === 0 || !realtimeResult || !noisy) {
    log("a partial run (--only or --database): BENCHMARKS.md is left as it is");
    return pageErrors.length > 0 || ingestion.some(ingestionBroken) || (noisy !== null && noisyBroken(noisy)) ? 1 : 0;
  }

  // ------------------------------------------------------------ 8. the table
  const cpus = os.cpus();
  const results = renderResults({
    startedAt,
    totalSeconds: (performance.now() - clock) / 1000,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? "unknown",
      memoryGiB: os.totalmem() / 1024 ** 3,
      node: process.version,
      postgres: versionRow?.server_version ?? "?",
      loadAtStart,
      loadAtEnd: os.loadavg(),
    },
    steps,
    sizes: measuredSizes,
    ingestion,
    noisy,
    realtime: realtimeResult,
  });
  console.log(`\n${results}\n`);

  const brokenIngestion = ingestion.some(ingestionBroken) || noisyBroken(noisy);
  if (pageErrors.length > 0 || brokenIngestion) {
    if (pageErrors.length > 0) console.error(`FAILED: non-2xx answers on ${pageErrors.map((page) => page.path).join(", ")}`);
    if (brokenIngestion) console.error("FAILED: ingestion lost, duplicated or miscounted runs, or answered errors (see the table)");
    console.error("BENCHMARKS.md was not updated.");
    return 1;
  }
  writeBenchmarksFile("BENCHMARKS.md", results);
  const firstSize = measuredSizes[0] as SizeMeasurement;
  const pageMisses = firstSize.pages.filter((page) => {
    const passes = pagePasses(page, firstSize.floor);
    return !passes.one || !passes.ten;
  }).length;
  const misses =
    pageMisses + ingestion.filter((measured) => !ingestionPasses(measured)).length + (noisyPasses(noisy) ? 0 : 1) + (realtimePasses(realtimeResult) ? 0 : 1);
  log(`BENCHMARKS.md updated; ${misses === 0 ? "every target met" : `${misses} target(s) missed`}`);
  return 0;
}

/** A page that was not measured (the floor of a --profile run). */
function emptyMeasurement(pagePath: string): PageMeasurement {
  const none = { connections: 0, users: 0, latency: { p50: NaN, p95: NaN, p99: NaN }, requestsPerSecond: 0, requests: 0, failures: 0 };
  return { path: pagePath, area: "signed out", one: none, ten: none, statements: null };
}

/**
 * POST /api/v1/executions from 10 connections with a fresh key, one run report per request
 * (`batch` null) or `{ runs: [...] }` batches. Singles repeat a cycle: a new succeeded run,
 * a new running run, that run's finish. A batch of 3k reports holds k new succeeded runs,
 * k new running runs and their k finishes. A warm-up first; then a fixed number of requests
 * (about INGESTION_SECONDS worth), all answered before the end, so the rows in the window
 * must equal the runs the answers say were created, exactly.
 */
async function measureIngestion(sqlClient: postgres.Sql, baseUrl: string, batch: number | null): Promise<IngestionMeasurement> {
  const companyId = benchCompanyId(1);
  const workflowRows = await sqlClient<{ id: string }[]>`
    SELECT id FROM workflows WHERE company_id = ${companyId} AND status = 'active' ORDER BY name`;
  const workflowIds = workflowRows.map((row) => row.id);
  if (workflowIds.length === 0) throw new Error("the ingestion company has no active workflow");
  // An ingestion key made the way the app makes them: only its SHA-256 is stored.
  const apiKey = `nxk_${randomBytes(32).toString("base64url")}`;
  const keyHash = createHash("sha256").update(apiKey).digest("hex");
  await sqlClient`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash)
                  VALUES (${companyId}, 'benchmark', ${apiKey.slice(0, 12)}, ${keyHash})`;
  // Throughput is the measure here: the company's rate limits raised far above it, as an
  // admin would for a bulk import (the noisy-neighbour measurement keeps the defaults).
  await sqlClient`INSERT INTO ingestion_limits (company_id, key_rate_per_minute, key_burst, company_rate_per_minute, company_burst)
                  VALUES (${companyId}, 600000, 100000, 600000, 100000)
                  ON CONFLICT (company_id) DO UPDATE SET key_rate_per_minute = 600000, key_burst = 100000,
                    company_rate_per_minute = 600000, company_burst = 100000`;

  let sequence = 0;
  const createdIds: string[] = [];
  const counts = { created: 0, updated: 0 };
  type Answer = { id?: unknown; created?: unknown };
  const count = (answer: Answer) => {
    if (answer.created === true) {
      counts.created += 1;
      if (typeof answer.id === "string") createdIds.push(answer.id);
    } else counts.updated += 1;
  };
  const requestsFor = (tag: string) => (index: number): autocannon.Request[] => {
    const workflowId = workflowIds[index % workflowIds.length] as string;
    const base: autocannon.Request = {
      method: "POST",
      path: "/api/v1/executions",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      onResponse: (status, body) => {
        if (status !== 200 && status !== 201) return;
        const parsed = JSON.parse(body) as Answer & { runs?: Answer[] };
        for (const answer of parsed.runs ?? [parsed]) count(answer);
      },
    };
    const report = (fields: Record<string, string>) => ({ workflowId, ...fields });
    const succeeded = () => {
      const finished = new Date();
      return report({ externalId: `${tag}-${++sequence}`, status: "succeeded", startedAt: new Date(finished.getTime() - 1_500).toISOString(), finishedAt: finished.toISOString() });
    };
    if (batch !== null) {
      const third = Math.max(1, Math.floor(batch / 3));
      return [
        {
          ...base,
          setupRequest: (request) => {
            const started = new Date().toISOString();
            const running = Array.from({ length: third }, () => report({ externalId: `${tag}-${++sequence}`, status: "running", startedAt: started }));
            const finishes = running.map((run) => ({ ...run, status: "succeeded", finishedAt: new Date().toISOString() }));
            return { ...request, body: JSON.stringify({ runs: [...Array.from({ length: third }, succeeded), ...running, ...finishes] }) };
          },
        },
      ];
    }
    type Cycle = { externalId?: string; startedAt?: string };
    return [
      { ...base, setupRequest: (request) => ({ ...request, body: JSON.stringify(succeeded()) }) },
      {
        ...base,
        setupRequest: (request, context) => {
          const cycle = context as Cycle;
          cycle.externalId = `${tag}-${++sequence}`;
          cycle.startedAt = new Date().toISOString();
          return { ...request, body: JSON.stringify(report({ externalId: cycle.externalId, status: "running", startedAt: cycle.startedAt })) };
        },
      },
      {
        ...base,
        setupRequest: (request, context) => {
          const cycle = context as Cycle;
          const startedAt = cycle.startedAt ?? new Date().toISOString();
          const externalId = cycle.externalId ?? `${tag}-${++sequence}`;
          return { ...request, body: JSON.stringify(report({ externalId, status: "succeeded", startedAt, finishedAt: new Date().toISOString() })) };
        },
      },
    ];
  };

  const runTag = `ingest-${batch ?? 1}-${randomBytes(4).toString("hex")}`;
  const cycle = batch === null ? 3 : 1;
  // The warm-up sends a fixed number too: every request answered, none cut off mid-way.
  const warmup = await runLoad({ baseUrl, connections: CONNECTIONS, amount: CONNECTIONS * 3 * cycle, requestsFor: requestsFor(`warmup-${runTag}`) });
  createdIds.length = 0;
  counts.created = 0;
  counts.updated = 0;
  const perConnection = Math.max(cycle, Math.round((warmup.requestsPerSecond * INGESTION_SECONDS) / CONNECTIONS / cycle) * cycle);
  log(`  warm-up: ${warmup.requestsPerSecond.toFixed(1)} req/s; measuring ${perConnection * CONNECTIONS} requests`);
  const [window] = await sqlClient<{ start: Date }[]>`SELECT now() AS start`;
  const windowStart = window?.start ?? new Date(0);
  const result = await runLoad({ baseUrl, connections: CONNECTIONS, amount: perConnection * CONNECTIONS, requestsFor: requestsFor(runTag) });
  const { created, updated } = counts;
  log(`  responses ${describeStatuses(result.statusCounts)}${result.errors ? `, ${result.errors} errors` : ""} in ${result.durationSeconds.toFixed(1)} s`);

  const [check] = await sqlClient<{ rows: number; found: number; duplicated: number; running: number }[]>`
    SELECT
      (SELECT count(*)::int FROM workflow_executions
        WHERE company_id = ${companyId} AND created_at >= ${windowStart}) AS rows,
      (SELECT count(*)::int FROM workflow_executions WHERE id = ANY(${createdIds}::uuid[])) AS found,
      (SELECT count(*)::int FROM (
        SELECT workflow_id, external_id FROM workflow_executions WHERE company_id = ${companyId}
        GROUP BY workflow_id, external_id HAVING count(*) > 1) d) AS duplicated,
      (SELECT count(*)::int FROM workflow_executions
        WHERE company_id = ${companyId} AND status = 'running' AND external_id LIKE ${`${runTag}-%`}) AS running`;
  const [rollup] = await sqlClient<{ matches: boolean }[]>`
    SELECT (
      SELECT row(count(*), count(*) FILTER (WHERE status = 'running'), count(*) FILTER (WHERE status = 'succeeded'),
                 count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'cancelled'))
      FROM workflow_executions WHERE company_id = ${companyId}
    ) = (
      SELECT row(coalesce(sum(runs), 0)::bigint, coalesce(sum(running), 0)::bigint, coalesce(sum(succeeded), 0)::bigint,
                 coalesce(sum(failed), 0)::bigint, coalesce(sum(cancelled), 0)::bigint)
      FROM execution_daily_stats WHERE company_id = ${companyId}
    ) AS matches`;
  if (!check) throw new Error("the ingestion check returned nothing");
  const measurement: IngestionMeasurement = {
    batch,
    requestsPerSecond: result.requestsPerSecond,
    reportsPerSecond: (created + updated) / result.durationSeconds,
    runsPerSecond: created / result.durationSeconds,
    latency: summarise(result.latencies),
    created,
    updated,
    rowsInWindow: check.rows,
    lost: createdIds.length - check.found,
    duplicated: check.duplicated,
    leftRunning: check.running,
    rollupMatches: rollup?.matches ?? false,
    failures: result.failures,
    durationSeconds: result.durationSeconds,
  };
  log(
    `  ${measurement.reportsPerSecond.toFixed(1)} reports/s (${measurement.runsPerSecond.toFixed(1)} new runs/s); rows in window ${check.rows} vs 201s ${created}; lost ${measurement.lost}, duplicated ${check.duplicated}, left running ${check.running}, rollup ${measurement.rollupMatches ? "matches" : "DIFFERS"}`,
  );
  return measurement;
}

function ingestionBroken(measured: IngestionMeasurement): boolean {
  return (
    measured.lost > 0 ||
    measured.duplicated > 0 ||
    measured.rowsInWindow !== measured.created ||
    measured.leftRunning > 0 ||
    !measured.rollupMatches ||
    measured.failures > 0
  );
}

/**
 * Noisy neighbour (issue 20): a key of one company (default limits) posts single run
 * reports from NOISY.floodConnections connections, each sending its next request as soon
 * as the last is answered and never waiting for Retry-After, while one client of another
 * company loads `/dashboard` from NOISY.pageConnections connections. The dashboard's
 * latency quiet, then during the flood; every run the flood was told was accepted (201)
 * must be stored once, and nothing else. Also times the limiter's statement alone.
 */
async function measureNoisyNeighbour(sqlClient: postgres.Sql, db: ReturnType<typeof createDb>["db"], baseUrl: string, cookie: string): Promise<NoisyNeighbourMeasurement> {
  const page = "/dashboard";
  const companyId = benchCompanyId(2);
  const workflowRows = await sqlClient<{ id: string }[]>`
    SELECT id FROM workflows WHERE company_id = ${companyId} AND status = 'active' ORDER BY name`;
  const workflowIds = workflowRows.map((row) => row.id);
  if (workflowIds.length === 0) throw new Error("the flooding company has no active workflow");
  await sqlClient`DELETE FROM ingestion_limits WHERE company_id = ${companyId}`;
  const newKey = async (name: string) => {
    const apiKey = `nxk_${randomBytes(32).toString("base64url")}`;
    const keyHash = createHash("sha256").update(apiKey).digest("hex");
    await sqlClient`INSERT INTO ingestion_keys (company_id, name, prefix, key_hash) VALUES (${companyId}, ${name}, ${apiKey.slice(0, 12)}, ${keyHash})`;
    return { apiKey, keyHash };
  };

  const pageRequests = (): autocannon.Request[] => [
    { method: "GET", path: page, headers: { accept: "text/html", "accept-encoding": "gzip", cookie } },
  ];
  const loadPage = async () => {
    await runLoad({ baseUrl, connections: NOISY.pageConnections, durationSeconds: 2, requestsFor: pageRequests });
    return runLoad({ baseUrl, connections: NOISY.pageConnections, durationSeconds: NOISY.seconds, requestsFor: pageRequests });
  };
  const quiet = await loadPage();
  log(`  quiet: ${page} p50 ${summarise(quiet.latencies).p50.toFixed(1)} ms, p95 ${summarise(quiet.latencies).p95.toFixed(1)} ms; ${describeStatuses(quiet.statusCounts)}`);

  const { apiKey } = await newKey("noisy neighbour");
  const tag = `noisy-${randomBytes(4).toString("hex")}`;
  let sequence = 0;
  const createdIds: string[] = [];
  const statuses = new Map<number, number>();
  const floodRequests = (index: number): autocannon.Request[] => [
    {
      method: "POST",
      path: "/api/v1/executions",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      setupRequest: (request) => {
        const finished = new Date();
        return {
          ...request,
          body: JSON.stringify({
            workflowId: workflowIds[index % workflowIds.length],
            externalId: `${tag}-${++sequence}`,
            status: "succeeded",
            startedAt: new Date(finished.getTime() - 1_000).toISOString(),
            finishedAt: finished.toISOString(),
          }),
        };
      },
      onResponse: (status, body) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 201) return;
        const answer = JSON.parse(body) as { id?: unknown };
        if (typeof answer.id === "string") createdIds.push(answer.id);
      },
    },
  ];
  const floodSeconds = NOISY.warmupSeconds + NOISY.seconds + 4;
  const flood = runLoad({ baseUrl, connections: NOISY.floodConnections, durationSeconds: floodSeconds, requestsFor: floodRequests });
  await new Promise((resolve) => setTimeout(resolve, NOISY.warmupSeconds * 1000));
  const during = await runLoad({ baseUrl, connections: NOISY.pageConnections, durationSeconds: NOISY.seconds, requestsFor: pageRequests });
  const floodResult = await flood;
  const accepted = statuses.get(201) ?? 0;
  const refused = statuses.get(429) ?? 0;
  const otherStatuses = [...statuses].filter(([status]) => status !== 201 && status !== 429).reduce((total, [, count]) => total + count, 0);
  log(`  flood: ${describeStatuses(statuses)} in ${floodResult.durationSeconds.toFixed(1)} s; ${page} p95 ${summarise(during.latencies).p95.toFixed(1)} ms`);

  const [check] = await sqlClient<{ rows: number; found: number; duplicated: number }[]>`
    SELECT
      (SELECT count(*)::int FROM workflow_executions WHERE company_id = ${companyId} AND external_id LIKE ${`${tag}-%`}) AS rows,
      (SELECT count(*)::int FROM workflow_executions WHERE id = ANY(${createdIds}::uuid[])) AS found,
      (SELECT count(*)::int FROM (
        SELECT workflow_id, external_id FROM workflow_executions WHERE company_id = ${companyId} AND external_id LIKE ${`${tag}-%`}
        GROUP BY workflow_id, external_id HAVING count(*) > 1) d) AS duplicated`;
  if (!check) throw new Error("the noisy-neighbour check returned nothing");

  // The limiter's own statement, one request after another on a key with room to spare.
  const spare = await newKey("limiter timing");
  await sqlClient`INSERT INTO ingestion_limits (company_id, key_rate_per_minute, key_burst, company_rate_per_minute, company_burst)
                  VALUES (${companyId}, 600000, 100000, 600000, 100000)
                  ON CONFLICT (company_id) DO UPDATE SET key_rate_per_minute = 600000, key_burst = 100000, company_rate_per_minute = 600000, company_burst = 100000`;
  await sqlClient`DELETE FROM ingestion_buckets WHERE company_id = ${companyId}`;
  const limiterTimes: number[] = [];
  for (let call = 0; call < NOISY.limiterCalls; call += 1) {
    const began = performance.now();
    await admitIngestion(db, { keyHash: spare.keyHash, cost: 1 });
    limiterTimes.push(performance.now() - began);
  }
  await sqlClient`DELETE FROM ingestion_limits WHERE company_id = ${companyId}`;
  const limiter = summarise(limiterTimes.slice(20));

  const measured: NoisyNeighbourMeasurement = {
    page,
    pageConnections: NOISY.pageConnections,
    floodConnections: NOISY.floodConnections,
    quiet: summarise(quiet.latencies),
    flood: summarise(during.latencies),
    accepted,
    refused,
    otherStatuses,
    floodRequestsPerSecond: (accepted + refused + otherStatuses) / floodResult.durationSeconds,
    acceptedPerSecond: accepted / floodResult.durationSeconds,
    lost: createdIds.length - check.found,
    extraRows: check.rows - createdIds.length,
    duplicated: check.duplicated,
    limiter,
    pageFailures: quiet.failures + during.failures,
  };
  log(
    `  ${page} p95 quiet ${measured.quiet.p95.toFixed(1)} ms, flooded ${measured.flood.p95.toFixed(1)} ms (${(measured.flood.p95 / measured.quiet.p95).toFixed(2)}×); ` +
      `accepted ${accepted} (${measured.acceptedPerSecond.toFixed(1)}/s), refused ${refused}; lost ${measured.lost}, extra rows ${measured.extraRows}, duplicated ${measured.duplicated}; ` +
      `limiter statement p50 ${limiter.p50.toFixed(2)} ms, p95 ${limiter.p95.toFixed(2)} ms`,
  );
  return measured;
}

function noisyBroken(measured: NoisyNeighbourMeasurement | null): boolean {
  return measured !== null && (measured.lost > 0 || measured.extraRows !== 0 || measured.duplicated > 0 || measured.otherStatuses > 0);
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  // After Ctrl-C the dropped database fails whatever was running: not worth a report.
  if (!interrupted) {
    // A failed bulk statement's message carries its parameters (100 KB of JSON): cut it.
    const text = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `\ncause: ${error.cause.message}` : ""}` : String(error);
    console.error(`Benchmark failed: ${text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text}`);
    const frames = error instanceof Error ? (error.stack ?? "").split("\n").filter((line) => line.startsWith("    at ")) : [];
    if (frames.length > 0) console.error(frames.slice(0, 6).join("\n"));
  }
} finally {
  await cleanup();
}
process.exit(exitCode);
