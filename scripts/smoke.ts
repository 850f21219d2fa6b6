// `npm run test:smoke`: the README's commands, run the way the README shows them, each
// bounded in time. Every script of package.json has a row in ROWS below: run here (it must
// do its job or print its documented message in time), or covered elsewhere (a stage of
// `npm test`, or .ci/run) or exempt, with the reason. A script without a row fails the test.
//
// Everything runs on one private data folder and env file in a temp dir (NEXUS_DATA_DIR,
// NEXUS_ENV_FILE) and its own ports (SMOKE_PORT, default 3400: `npm start`; +1 the embedded
// database; +2 the realtime server; +3 `npm run dev`), so your .data/ and .env.local are
// never touched. Each command runs in its own process group, stopped with Ctrl+C's SIGINT
// and checked to leave no process behind.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { signInCookie } from "./lib/bench-http";
import { buildIsCurrent } from "./lib/build";

const ROOT = process.cwd();

type Row = { covered: "here" | "npm test" | ".ci/run" | "exempt"; how: string };

/** One row per package.json script. */
const ROWS: Record<string, Row> = {
  start: { covered: "here", how: "fresh data folder: migrates, seeds, prints the demo sign-ins, serves /login, signed-in /admin and /dashboard (still after `dev` ran beside it); Ctrl+C stops it and removes runtime.json" },
  dev: { covered: "here", how: "beside `npm start`, on the database it serves (the fresh-folder path is start's, shared): serves /login and a signed-in /dashboard, a new and then edited page shows on reload; Ctrl+C stops it" },
  "db:seed": { covered: "here", how: "run twice while `npm start` serves the database: same row counts as before (runs finished since the first seed aside)" },
  "db:migrate": { covered: "here", how: "without DATABASE_URL: its message and exit 1; with DATABASE_URL: “Migrations applied.”" },
  "db:generate": { covered: "here", how: "against a copy of drizzle/ in the temp dir (--config), never writes drizzle/" },
  simulate: { covered: "here", how: "--rate=240 --minutes=0.1: reports reach the API, none refused, it stops by itself" },
  "db:rollups": { covered: "here", how: "rebuilds the rollups of the served database" },
  "keys:rotate": { covered: "here", how: "--add-key with `npm start` running (adds v2, says restart); after stopping, plain re-encrypts to v2; --add-key alone adds v3 and re-encrypts" },
  worker: { covered: "here", how: "starts on the served database, Ctrl+C lets it finish and exit" },
  serve: { covered: "here", how: "the production web server on the served database (DATABASE_URL, AUTH_SECRET, CREDENTIAL_KEYS from the environment, as the deploy guide shows): serves /login and /api/health; SIGTERM stops it gracefully" },
  "bench:realtime": { covered: "here", how: "200 events through a local realtime server to Chromium and 199 more subscribers, prints the latency line, none missed" },
  bench: { covered: "exempt", how: "run here only without a database URL (prints how to set BENCH_DATABASE_URL): a run takes about 5 minutes on 2 cores (a million runs generated, even with --only, then 20 s a page; BENCHMARKS.md)" },
  test: { covered: ".ci/run", how: ".ci/run runs `npm test` just before this smoke test" },
  lint: { covered: "npm test", how: "its `lint` stage (scripts/test.ts)" },
  typecheck: { covered: "npm test", how: "its `typecheck` stage" },
  build: { covered: "npm test", how: "its `build` stage (and `npm start` builds when the sources changed)" },
  "test:unit": { covered: "npm test", how: "its `unit` stage" },
  "test:integration": { covered: "npm test", how: "its `integration` stage" },
  "test:e2e": { covered: "npm test", how: "its `e2e` stage" },
  "test:peer": { covered: ".ci/run", how: ".ci/run runs it after this smoke test" },
  "test:smoke": { covered: ".ci/run", how: "this test; .ci/run runs it after `npm test`" },
};

// ---------------------------------------------------------------- results

type Result = { script: string; label: string; ok: boolean; seconds: number; detail: string };
const results: Result[] = [];
const clock = Date.now();
const stamp = () => `[${((Date.now() - clock) / 1000).toFixed(1).padStart(6)} s]`;

class CheckFailed extends Error {}

/** Runs one check of a script within `boundSeconds`; a failure is recorded, not thrown. */
async function check(script: string, label: string, boundSeconds: number, run: () => Promise<string>): Promise<boolean> {
  if (!(script in ROWS)) throw new Error(`check for ${script}, which has no row`);
  const started = Date.now();
  console.log(`${stamp()} ${script}: ${label}…`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`did not finish within ${boundSeconds} s`)), boundSeconds * 1000);
  });
  let result: Result;
  try {
    const detail = await Promise.race([run(), timeout]);
    result = { script, label, ok: true, seconds: (Date.now() - started) / 1000, detail };
  } catch (error) {
    result = { script, label, ok: false, seconds: (Date.now() - started) / 1000, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
  results.push(result);
  console.log(`${stamp()} ${result.ok ? "✓" : "✗"} ${script}: ${label} (${result.seconds.toFixed(1)} s) ${result.detail.split("\n")[0]}`);
  if (!result.ok && result.detail.includes("\n")) console.log(indent(result.detail.split("\n").slice(1).join("\n")));
  return result.ok;
}

const indent = (text: string) => text.split("\n").map((line) => `      ${line}`).join("\n");

// ---------------------------------------------------------------- processes

const temp = mkdtempSync(path.join(os.tmpdir(), "nexus-smoke-"));
const dataDir = path.join(temp, "data");
const envFile = path.join(temp, ".env.local");
const basePort = Number(process.env.SMOKE_PORT ?? 3400);
const ports = { web: basePort, database: basePort + 1, realtime: basePort + 2, dev: basePort + 3, serve: basePort + 4 };
const webUrl = `http://127.0.0.1:${ports.web}`;
const devUrl = `http://127.0.0.1:${ports.dev}`;
// a page that the dev check adds, edits and removes (git-ignored: app/smoke-reload-*)
const reloadRoute = `smoke-reload-${randomBytes(4).toString("hex")}`;
const reloadPage = path.join(ROOT, "app", reloadRoute);
/**
 * Removes the page and, if `next dev` did not get to it (a failed or interrupted run), the
 * route types that name it: tsc reads .next/dev/types and would miss the page.
 */
function removeReloadPage(): void {
  rmSync(reloadPage, { recursive: true, force: true });
  const types = path.join(ROOT, ".next", "dev", "types");
  rmSync(path.join(types, "app", reloadRoute), { recursive: true, force: true });
  const validator = path.join(types, "validator.ts"); // `next dev` writes it anew when it starts
  if (existsSync(validator) && readFileSync(validator, "utf8").includes(reloadRoute)) rmSync(validator);
}

// What a fresh clone has: none of the production settings, only the local overrides.
const STRIPPED = /^(DATABASE_URL.*|AUTH_SECRET|AUTH_URL|CREDENTIAL_KEYS|PUSHER_.*|PORT|PGLITE_PORT|WEB_CONCURRENCY|NEXUS_.*|SMTP_.*|CRON_SECRET|BENCH_DATABASE_URL|TEST_DATABASE_URL)$/;
const inherited: NodeJS.ProcessEnv = { ...process.env };
for (const name of Object.keys(inherited)) if (STRIPPED.test(name)) delete inherited[name];
const baseEnv: NodeJS.ProcessEnv = {
  ...inherited,
  NEXUS_DATA_DIR: dataDir,
  NEXUS_ENV_FILE: envFile,
  PORT: String(ports.web),
  PGLITE_PORT: String(ports.database),
  PUSHER_PORT: String(ports.realtime),
  NEXT_TELEMETRY_DISABLED: "1",
};

type Command = {
  child: ChildProcess;
  text: () => string;
  exited: Promise<number | null>;
  exitCode: () => number | null | undefined;
};
const groups = new Set<number>();

/** `npm run <script> [-- args]` in its own process group, output captured. */
function npmRun(script: string, args: string[] = [], env: Record<string, string> = {}): Command {
  const child = spawn("npm", ["run", script, ...(args.length > 0 ? ["--", ...args] : [])], {
    cwd: ROOT,
    env: { ...baseEnv, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid) groups.add(child.pid);
  const chunks: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (status) => {
      code = status;
      resolve(status);
    });
    child.on("error", (error) => {
      chunks.push(String(error));
      code = -1;
      resolve(-1);
    });
  });
  return { child, text: () => chunks.join(""), exited, exitCode: () => code };
}

const tail = (command: Command, lines = 25) =>
  command.text().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").trimEnd().split("\n").slice(-lines).join("\n");

function fail(message: string, command?: Command): never {
  throw new CheckFailed(command ? `${message}\n--- its last output:\n${tail(command)}` : message);
}

/** Resolves with the match once the output shows `pattern`; fails if the command exits first. */
async function waitForOutput(command: Command, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  for (;;) {
    const match = command.text().match(pattern);
    if (match) return match;
    if (command.exitCode() !== undefined) fail(`exited (${command.exitCode()}) before ${what}`, command);
    await sleep(100);
  }
}

/** Waits for the command to exit by itself; returns its output. */
async function finished(command: Command, expectedCode: number): Promise<string> {
  const code = await command.exited;
  await groupGone(command, 10_000);
  if (code !== expectedCode) fail(`exited ${code}, expected ${expectedCode}`, command);
  return command.text();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the command's group is left; kills and fails after `ms`. */
async function groupGone(command: Command, ms: number): Promise<void> {
  const pid = command.child.pid;
  if (!pid) return;
  const deadline = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(-pid, "SIGKILL");
      fail(`processes of its group were still running ${ms / 1000} s later (killed)`, command);
    }
    await sleep(100);
  }
  groups.delete(pid);
}

/** Ctrl+C, as a terminal sends it: SIGINT to the whole process group. */
async function interrupt(command: Command, ms: number): Promise<string> {
  const pid = command.child.pid;
  if (pid && groupAlive(pid)) process.kill(-pid, "SIGINT");
  await groupGone(command, ms);
  return command.text();
}

function killEverything(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  removeReloadPage();
  rmSync(temp, { recursive: true, force: true });
}
process.on("SIGINT", () => {
  killEverything();
  process.exit(130);
});
process.on("SIGTERM", () => {
  killEverything();
  process.exit(143);
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------- HTTP and database

async function get(baseUrl: string, pathname: string, cookie?: string): Promise<{ status: number; body: string; location: string | null }> {
  const response = await fetch(`${baseUrl}${pathname}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  return { status: response.status, body: await response.text(), location: response.headers.get("location") };
}

type SignIns = { password: string; accounts: { role: string; email: string }[] };

/** The demo sign-ins `npm start` / `npm run dev` print. */
function printedSignIns(output: string): SignIns {
  const password = output.match(/the password for all of them: (\S+)\)/)?.[1];
  const accounts = [...output.matchAll(/^\s+(admin|sales engineer|client)\s+(\S+@\S+)/gm)].map((match) => ({
    role: match[1] ?? "",
    email: match[2] ?? "",
  }));
  if (!password || accounts.length === 0) throw new CheckFailed("no demo sign-ins printed");
  return { password, accounts };
}

function account(signIns: SignIns, role: string): string {
  const found = signIns.accounts.find((entry) => entry.role === role);
  if (!found) throw new CheckFailed(`no ${role} among the printed sign-ins`);
  return found.email;
}

async function assertLoginPage(baseUrl: string): Promise<void> {
  const login = await get(baseUrl, "/login");
  if (login.status !== 200 || !login.body.includes("Sign in")) fail(`GET /login answered ${login.status}`);
}

/** Signs in through the Auth.js credentials flow and loads a signed-in page as that user. */
async function assertSignedInPage(baseUrl: string, email: string, password: string, pathname: string): Promise<void> {
  const cookie = await signInCookie(baseUrl, email, password);
  const page = await get(baseUrl, pathname, cookie);
  if (page.status !== 200) fail(`${email}: GET ${pathname} answered ${page.status} ${page.location ?? ""}`);
  // the signed-in layout's sign-out button (the login page has none)
  if (!/>\s*Sign out\s*</.test(page.body)) fail(`${email}: GET ${pathname} has no “Sign out”: not a signed-in page`);
}

/** The URL a running `npm start` / `npm run dev` publishes for its embedded database. */
function servedDatabaseUrl(): string {
  const file = path.join(dataDir, "runtime.json");
  if (!existsSync(file)) throw new CheckFailed(`${file} is missing: the server does not publish its database`);
  return (JSON.parse(readFileSync(file, "utf8")) as { url: string }).url;
}

// Tables the running server itself writes to (sign-ins, the job worker's scheduled tasks
// and alerts): not the seed's, so left out of its idempotence check.
const RUNTIME_TABLES = new Set(["sessions", "login_attempts", "audit_log", "scheduled_task_runs", "alerts", "alert_events", "notifications", "dev_mailbox"]);
// The seed writes the runs of the 90 days up to now: a later run adds the runs that have
// finished since, which is no duplicate. These tables are counted up to `cutoff` (a time
// before the first seed; runs last at most 5 minutes), the others in full.
const SLIDING: Record<string, (cutoff: string) => string> = {
  workflow_executions: (cutoff) => `finished_at <= '${cutoff}'::timestamptz`,
  execution_hourly_stats: (cutoff) => `hour < date_trunc('hour', '${cutoff}'::timestamptz - interval '10 minutes')`,
  execution_daily_stats: (cutoff) => `day < ('${cutoff}'::timestamptz - interval '10 minutes')::date`,
};
const smokeStarted = new Date();

async function seededCounts(): Promise<Map<string, number>> {
  const sql = postgres(servedDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
    const counts = new Map<string, number>();
    for (const { name } of tables) {
      if (RUNTIME_TABLES.has(name)) continue;
      const where = SLIDING[name]?.(smokeStarted.toISOString()) ?? "true";
      // names from the catalog, the cutoff an ISO string this script made
      const [row] = await sql.unsafe<{ count: number }[]>(`select count(*)::int as count from "${name}" where ${where}`);
      counts.set(name, row?.count ?? 0);
    }
    return counts;
  } finally {
    await sql.end();
  }
}

const describeCounts = (counts: Map<string, number>) => [...counts].map(([name, count]) => `${name} ${count}`).join(", ");
function diffCounts(before: Map<string, number>, after: Map<string, number>): string {
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((name) => before.get(name) !== after.get(name))
    .map((name) => `${name} ${before.get(name)} → ${after.get(name)}`)
    .join(", ");
}

async function simulatedRuns(): Promise<{ runs: number; finished: number }> {
  const sql = postgres(servedDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ runs: number; finished: number }[]>`
      select count(*)::int as runs, count(finished_at)::int as finished
      from workflow_executions where external_id like 'sim-%'`;
    return row ?? { runs: 0, finished: 0 };
  } finally {
    await sql.end();
  }
}

const credentialKeyVersions = () =>
  (readFileSync(envFile, "utf8").match(/^CREDENTIAL_KEYS=(.*)$/m)?.[1] ?? "").split(",").map((entry) => entry.split(":")[0]).join(",");

// ---------------------------------------------------------------- the table

const tableProblems: string[] = [];

function rowsMatchPackageJson(): boolean {
  const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
  const missing = scripts.filter((name) => !(name in ROWS));
  const stale = Object.keys(ROWS).filter((name) => !scripts.includes(name));
  if (missing.length > 0) tableProblems.push(`✗ package.json scripts without a row in scripts/smoke.ts: ${missing.join(", ")} (add one: run it here, or say how it is covered)`);
  if (stale.length > 0) tableProblems.push(`✗ rows in scripts/smoke.ts for scripts package.json no longer has: ${stale.join(", ")}`);
  tableProblems.forEach((problem) => console.log(problem));
  return missing.length === 0 && stale.length === 0;
}

function printTable(): void {
  console.log("\nREADME smoke test");
  const width = Math.max(...Object.keys(ROWS).map((name) => name.length));
  for (const [script, row] of Object.entries(ROWS)) {
    const checks = results.filter((result) => result.script === script);
    const ok = checks.every((result) => result.ok);
    const seconds = checks.reduce((sum, result) => sum + result.seconds, 0);
    const status = checks.length === 0 ? (row.covered === "here" ? "✗ not run" : "–") : ok ? "✓" : "✗";
    const where = checks.length === 0 ? `${row.covered}: ${row.how}` : `${checks.length} check${checks.length > 1 ? "s" : ""}, ${seconds.toFixed(1)} s: ${row.how}`;
    console.log(`  ${status.padEnd(9)} ${script.padEnd(width)}  ${where}`);
  }
}

// ---------------------------------------------------------------- the checks

/** `npm run dev` on its own port beside the running `npm start`, using its database. */
async function devBeside(signIns: SignIns): Promise<void> {
  const dev = npmRun("dev", [], { PORT: String(ports.dev) });
  try {
    const up = await check("dev", "beside `npm start`: its database, prints the demo sign-ins", 240, async () => {
      await waitForOutput(dev, /Press Ctrl\+C to stop/, "the demo sign-ins");
      if (dev.text().includes("Embedded PostgreSQL (PGlite) in")) fail("opened its own database", dev);
      if (dev.text().includes("Empty database")) fail("seeded again", dev);
      return `${printedSignIns(dev.text()).accounts.length} demo sign-ins printed`;
    });
    if (!up) return;
    await check("dev", "serves /login", 150, async () => {
      await assertLoginPage(devUrl);
      return "200";
    });
    const client = account(signIns, "client");
    await check("dev", "signed in (Auth.js credentials) as a client: /dashboard", 180, async () => {
      await assertSignedInPage(devUrl, client, signIns.password, "/dashboard");
      return `${client}: 200`;
    });
    await check("dev", "a new page, then a change to it, shows on reload", 120, async () => {
      const page = path.join(reloadPage, "page.tsx");
      const write = (text: string) => writeFileSync(page, `export default function SmokeReload() {\n  return <p>${text}</p>;\n}\n`);
      const showsOnReload = async (text: string) => {
        for (;;) {
          const response = await get(devUrl, `/${reloadRoute}`);
          if (response.status === 200 && response.body.includes(text)) return;
          await sleep(500);
        }
      };
      mkdirSync(reloadPage, { recursive: true });
      write("smoke reload: first");
      await showsOnReload("smoke reload: first");
      write("smoke reload: edited");
      await showsOnReload("smoke reload: edited");
      // removed while dev runs, so that it drops the page from its route types (tsc reads
      // .next/dev/types: a stale entry there would fail `npm run typecheck`)
      rmSync(reloadPage, { recursive: true, force: true });
      const routeTypes = ["validator.ts", "routes.d.ts"].map((file) => path.join(ROOT, ".next", "dev", "types", file));
      const mentionsPage = () => routeTypes.some((file) => existsSync(file) && readFileSync(file, "utf8").includes(reloadRoute));
      for (let waited = 0; mentionsPage(); waited += 250) {
        if (waited > 30_000) fail("next dev did not drop the removed page from .next/dev/types within 30 s");
        await sleep(250);
      }
      return "the edit showed without a restart; the removed page left the route types";
    }).finally(removeReloadPage);
  } finally {
    await check("dev", "Ctrl+C stops it and everything it started", 60, async () => {
      await interrupt(dev, 30_000);
      removeReloadPage();
      if (!existsSync(path.join(dataDir, "runtime.json"))) fail("removed the runtime.json of the `npm start` it ran beside", dev);
      return "stopped; `npm start`'s database still published";
    });
  }
}

/** The commands that use the database a running `npm start` serves. */
async function commandsOnTheServedDatabase(): Promise<void> {
  await check("db:seed", "twice: idempotent", 120, async () => {
    const before = await seededCounts();
    for (const run of [1, 2]) {
      const output = await finished(npmRun("db:seed"), 0);
      if (!/Demo data seeded in [\d.]+ s\./.test(output)) fail(`run ${run}: no “Demo data seeded” line`);
      const after = await seededCounts();
      const changed = diffCounts(before, after);
      if (changed) fail(`run ${run} changed row counts: ${changed}`);
    }
    return `same counts after each run (${describeCounts(before).slice(0, 160)}…)`;
  });

  await check("db:rollups", "rebuilds the served database's rollups", 60, async () => {
    const output = await finished(npmRun("db:rollups"), 0);
    // a month at a time (db/queries/rollups.ts): each month printed, then the total
    const line = output.match(/Rollups rebuilt from the first run \((\d+) months?\) in [\d.]+ s\./);
    if (!line) fail("no “Rollups rebuilt” line");
    const printed = output.match(/^ {2}\d{4}-\d{2}: [\d,]+ daily rows$/gm)?.length ?? 0;
    if (printed === 0 || printed !== Number(line[1])) fail(`${printed} months printed, the total says ${line[1]}`);
    return line[0];
  });

  // the simulator runs a while, and the commands below meanwhile (not db:rollups: beside its
  // rebuild, which holds the embedded database for seconds, a report was once refused)
  const simulate = check("simulate", "sends reports and stops by itself", 90, async () => {
    const command = npmRun("simulate", ["--rate=240", "--minutes=0.1"]);
    const output = await finished(command, 0);
    const stopped = output.match(/Stopped: (\d+) reports sent, (\d+) refused\./);
    if (!stopped) fail("no “Stopped:” line", command);
    const [sent, refused] = [Number(stopped[1]), Number(stopped[2])];
    if (sent < 2 || refused > 0) fail(`${sent} sent, ${refused} refused`, command);
    const stored = await simulatedRuns();
    if (stored.runs === 0 || stored.finished === 0) fail(`the database holds ${stored.runs} simulated runs, ${stored.finished} finished`);
    return `${sent} reports sent, 0 refused; ${stored.runs} runs stored, ${stored.finished} finished`;
  });
  await check("db:migrate", "with DATABASE_URL (the served database)", 60, async () => {
    const output = await finished(npmRun("db:migrate", [], { DATABASE_URL: servedDatabaseUrl() }), 0);
    if (!output.includes("Migrations applied.")) fail("no “Migrations applied.”");
    return "Migrations applied.";
  });
  await check("worker", "starts, Ctrl+C stops it", 90, async () => {
    const worker = npmRun("worker");
    await waitForOutput(worker, /Job worker running.*\. Press Ctrl\+C to stop\./, "“Job worker running”");
    const output = await interrupt(worker, 30_000);
    if (!/Stopping the job worker \(\w+\): letting running jobs finish…/.test(output)) fail("no “Stopping” line", worker);
    return "running, then stopped";
  });
  await check("serve", "serves the production build, SIGTERM stops it", 90, async () => {
    const serveUrl = `http://127.0.0.1:${ports.serve}`;
    const server = npmRun("serve", [], {
      PORT: String(ports.serve),
      WEB_CONCURRENCY: "1",
      DATABASE_URL: servedDatabaseUrl(),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      CREDENTIAL_KEYS: `1:${randomBytes(32).toString("base64")}`,
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const health = await get(serveUrl, "/api/health").catch(() => null);
      if (health?.status === 200) break;
      if (server.exitCode() !== undefined) fail(`exited (${server.exitCode()}) before answering`, server);
      if (Date.now() > deadline) fail("no answer from /api/health within 60 s", server);
      await sleep(250);
    }
    await assertLoginPage(serveUrl);
    const pid = server.child.pid;
    if (pid) process.kill(pid, "SIGTERM");
    const code = await server.exited;
    await groupGone(server, 20_000);
    if (code !== 0) fail(`exited ${code} after SIGTERM`, server);
    if (!(await portFree(ports.serve))) fail(`port ${ports.serve} still taken after it exited`);
    return "/api/health and /login answered; SIGTERM: exit 0, port free";
  });
  await check("keys:rotate", "--add-key while `npm start` runs", 60, async () => {
    const output = await finished(npmRun("keys:rotate", ["--add-key"]), 0);
    if (!output.includes("Added credential key version 2")) fail("no “Added credential key version 2”");
    if (!output.includes("A running `npm start` serves the database: restart it")) fail("does not say to restart `npm start` first");
    return `key versions now ${credentialKeyVersions()}; says to restart first`;
  });
  await simulate;
}

async function main(): Promise<boolean> {
  const tableOk = rowsMatchPackageJson();
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portFree(port))) throw new Error(`port ${port} (${name}) is taken: set SMOKE_PORT to the first of 4 free ports`);
  }
  console.log(`${stamp()} data folder ${temp}, ports ${ports.web}-${ports.dev}`);

  // Commands that need no database run meanwhile.
  const independent = Promise.all([
    check("db:migrate", "without DATABASE_URL", 60, async () => {
      const output = await finished(npmRun("db:migrate"), 1);
      if (!output.includes("DATABASE_URL is not set. `npm start` runs migrations on the embedded database by itself.")) fail("not its message");
      return "says DATABASE_URL is not set, exit 1";
    }),
    check("bench", "without a database URL", 60, async () => {
      const output = await finished(npmRun("bench"), 1);
      if (!output.includes("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL)")) fail("not its message");
      return "says to set BENCH_DATABASE_URL, exit 1";
    }),
    check("db:generate", "against a copy of drizzle/", 60, async () => {
      const out = path.join(temp, "drizzle");
      cpSync(path.join(ROOT, "drizzle"), out, { recursive: true });
      const config = path.join(temp, "drizzle.config.ts");
      // drizzle-kit takes `out` relative to the working directory
      writeFileSync(config, `export default ${JSON.stringify({ dialect: "postgresql", schema: path.join(ROOT, "db", "schema.ts"), out: path.relative(ROOT, out), casing: "snake_case" })};\n`);
      const output = await finished(npmRun("db:generate", ["--config", config]), 0);
      return output.includes("No schema changes") ? "no schema changes: drizzle/ matches db/schema.ts" : "would generate a migration (drizzle/meta is behind db/schema.ts)";
    }),
    check("bench:realtime", "200 events to 200 subscribers", 120, async () => {
      const output = await finished(npmRun("bench:realtime"), 0);
      const line = output.match(/publish-to-browser latency over 200 events to 200 subscribers \(missed (\d+)\): .*/);
      if (!line) fail("no latency line");
      if (line[1] !== "0") fail(`subscribers missed ${line[1]} events`);
      return line[0];
    }),
  ]);

  // ---- npm start on a fresh data folder (what a fresh clone has)
  const build = buildIsCurrent();
  const start = npmRun("start");
  try {
    const startUp = await check("start", build ? "fresh: migrates, seeds, serves (the build is current)" : "fresh: migrates, seeds, builds (the sources changed), serves", build ? 150 : 480, async () => {
      await waitForOutput(start, /Press Ctrl\+C to stop/, "the demo sign-ins");
      if (!start.text().includes("Empty database: seeding demo data")) fail("did not seed the fresh database", start);
      return `${printedSignIns(start.text()).accounts.length} demo sign-ins printed`;
    });
    if (!startUp) {
      await independent;
      return false;
    }
    const signIns = printedSignIns(start.text());
    const [admin, client] = [account(signIns, "admin"), account(signIns, "client")];
    await check("start", "serves /login, signed in: /admin and /dashboard", 60, async () => {
      await assertLoginPage(webUrl);
      await assertSignedInPage(webUrl, admin, signIns.password, "/admin");
      await assertSignedInPage(webUrl, client, signIns.password, "/dashboard");
      return "200 for each";
    });

    // `npm run dev` beside it (on its database), while the other commands use that database
    await Promise.all([devBeside(signIns), commandsOnTheServedDatabase()]);

    await check("start", "still serves after `npm run dev` ran beside it (/admin/companies)", 60, async () => {
      await assertSignedInPage(webUrl, admin, signIns.password, "/admin/companies");
      return "200";
    });
  } finally {
    await check("start", "Ctrl+C stops it and everything it started", 60, async () => {
      await interrupt(start, 45_000);
      if (existsSync(path.join(dataDir, "runtime.json"))) fail("left runtime.json behind", start);
      return "stopped";
    });
  }

  // ---- with nothing running: the scripts open the embedded database themselves
  const reencrypted = (output: string, version: number) => {
    if (!output.includes(`Re-encrypting credentials to key version ${version}`)) fail(`does not re-encrypt to version ${version}`);
    const done = output.match(/Done in [\d.]+ s: (\d+) re-encrypted, \d+ changed meanwhile \(already current or deleted\), (\d+) could not be decrypted\./);
    if (!done || Number(done[1]) === 0 || Number(done[2]) > 0) fail(`expected records re-encrypted and none failed, got: ${done?.[0] ?? "no “Done” line"}`);
    return `${done[1]} re-encrypted to v${version}, 0 failed`;
  };
  await check("keys:rotate", "after the restart: re-encrypts to the new key", 60, async () =>
    reencrypted(await finished(npmRun("keys:rotate"), 0), 2),
  );
  await check("keys:rotate", "--add-key with nothing running: adds v3 and re-encrypts", 60, async () => {
    const output = await finished(npmRun("keys:rotate", ["--add-key"]), 0);
    if (!output.includes("Added credential key version 3")) fail("no “Added credential key version 3”");
    return `${reencrypted(output, 3)}; key versions now ${credentialKeyVersions()}`;
  });
  await independent;
  return tableOk;
}

let ok = false;
try {
  ok = await main();
} catch (error) {
  console.error(`✗ ${(error as Error).message}`);
} finally {
  killEverything();
}
printTable();
const failed = results.filter((result) => !result.ok);
const scriptsRun = new Set(results.map((result) => result.script)).size;
console.log(
  `\n${results.length - failed.length} of ${results.length} checks passed on ${scriptsRun} scripts in ${((Date.now() - clock) / 1000).toFixed(0)} s` +
    (failed.length > 0 ? `; failed: ${failed.map((result) => `${result.script} (${result.label})`).join(", ")}` : ""),
);
const notRun = Object.entries(ROWS).filter(([script, row]) => row.covered === "here" && !results.some((result) => result.script === script));
if (notRun.length > 0) console.log(`not run: ${notRun.map(([script]) => script).join(", ")}`);
tableProblems.forEach((problem) => console.log(problem));
process.exit(ok && failed.length === 0 && notRun.length === 0 ? 0 : 1);
