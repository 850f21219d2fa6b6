// A real n8n (1.123.81, installed into .peers/n8n by scripts/install-n8n.sh) for peer tests.
// The recipe is STACK.md's "A real n8n for peer tests": its own database on a loopback
// PostgreSQL, the legacy expression engine, no task runners, nothing that calls out to the
// internet. n8n runs in its own process group, which stop() (or this process's exit, or a
// small watchdog if this process dies without exiting) kills as a whole.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { z } from "zod";

export type N8nPeer = {
  url: string; // e.g. http://127.0.0.1:5679
  apiKey: string; // rawApiKey with scopes workflow:read, workflow:list, execution:read, execution:list
  importWorkflows(workflows: unknown[]): Promise<void>; // n8n import:workflow --input=FILE, same environment
  execute(workflowId: string): Promise<void>; // n8n execute --id=ID, then waits for the stored execution
  revokeApiKey(): Promise<void>; // deletes the API key through the REST API: the key answers 401 afterwards
  stop(): Promise<void>; // SIGTERM n8n's process group, wait for its exit, drop its database
};

const N8N_VERSION = "1.123.81";
const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const N8N_PACKAGE_DIR = path.join(REPO_ROOT, ".peers/n8n/node_modules/n8n");
const N8N_BIN = path.join(N8N_PACKAGE_DIR, "bin/n8n");

const HEALTH_TIMEOUT_MS = 150_000;
const READY_TIMEOUT_MS = 60_000;
const CLI_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
const API_KEY_SCOPES = ["workflow:read", "workflow:list", "execution:read", "execution:list"];
const OWNER = {
  email: "peer-owner@nexus.test",
  firstName: "Peer",
  lastName: "Owner",
  password: "Peer-Test-Passw0rd",
};

type DbTarget = { host: string; port: string; user: string; password: string; database: string };

// ---------------------------------------------------------------------------------------
// Process groups: everything n8n starts is killed with its group, whatever happens here.

const liveGroups = new Set<number>();
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function cleanUpOnExit() {
  for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true });
}

function installExitHook() {
  if (exitHookInstalled) return;
  process.on("exit", cleanUpOnExit); // synchronous only: the database is left to the cluster
  exitHookInstalled = true;
}

// If this process is killed outright (SIGKILL, or Ctrl-C before vitest can clean up), no
// exit hook runs; a detached watchdog then ends the group once its parent is gone.
const WATCHDOG_SOURCE = `
const [parent, group] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (error) { return error.code === "EPERM"; } };
const kill = (signal) => { try { process.kill(-group, signal); } catch {} };
let orphanedAt = 0;
setInterval(() => {
  if (!alive(-group)) process.exit(0);
  if (!orphanedAt && alive(parent)) return;
  if (!orphanedAt) { orphanedAt = Date.now(); kill("SIGTERM"); }
  else if (Date.now() - orphanedAt > 10000) { kill("SIGKILL"); process.exit(0); }
}, 500);
`;

function trackGroup(pgid: number) {
  liveGroups.add(pgid);
  installExitHook();
  const watchdog = spawn(process.execPath, ["-e", WATCHDOG_SOURCE, String(process.pid), String(pgid)], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.on("error", () => {}); // best effort: the exit hook still covers a normal exit
  watchdog.unref();
}

function spawnGroup(args: string[], env: NodeJS.ProcessEnv, stdio: "pipe" | number): ChildProcess {
  const child = spawn(process.execPath, [N8N_BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    detached: true, // its own session and process group (pgid = pid)
    stdio: stdio === "pipe" ? ["ignore", "pipe", "pipe"] : ["ignore", stdio, stdio],
  });
  if (child.pid !== undefined) trackGroup(child.pid);
  return child;
}

type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

function exited(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

async function endGroup(child: ChildProcess, timeoutMs: number): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(pgid, "SIGTERM");
    const timedOut = Symbol("timeout");
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      exited(child),
      new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === timedOut) {
      signalGroup(pgid, "SIGKILL");
      await exited(child);
    }
  }
  signalGroup(pgid, "SIGKILL"); // anything the leader left behind in its group
  liveGroups.delete(pgid);
}

// ---------------------------------------------------------------------------------------
// Helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines - 1).join("\n").trimEnd();
}

function readTail(file: string, lines = 40): string {
  try {
    return tail(readFileSync(file, "utf8"), lines);
  } catch {
    return "(no log)";
  }
}

function assertInstalled() {
  let version: unknown;
  try {
    version = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(N8N_PACKAGE_DIR, "package.json"), "utf8"))).version;
  } catch {
    throw new Error("n8n is not installed: run scripts/install-n8n.sh");
  }
  if (version !== N8N_VERSION) {
    throw new Error(`n8n is not installed: .peers/n8n has n8n ${String(version)}, the peer tests need ${N8N_VERSION}; run scripts/install-n8n.sh`);
  }
}

function parseAdminUrl(postgresAdminUrl: string): { admin: URL; target: Omit<DbTarget, "database"> } {
  let admin: URL;
  try {
    admin = new URL(postgresAdminUrl);
  } catch {
    throw new Error("startN8n: postgresAdminUrl is not a URL");
  }
  if (admin.protocol !== "postgres:" && admin.protocol !== "postgresql:") {
    throw new Error(`startN8n: postgresAdminUrl must be a postgres:// URL, not ${admin.protocol}`);
  }
  const host = admin.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
    throw new Error(`startN8n: postgresAdminUrl must point at a loopback server, not ${host}`);
  }
  return {
    admin,
    target: {
      host,
      port: admin.port || "5432",
      user: decodeURIComponent(admin.username) || "postgres",
      password: decodeURIComponent(admin.password),
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

function n8nEnvironment(db: DbTarget, userFolder: string, port: number, encryptionKey: string): NodeJS.ProcessEnv {
  // A clean environment: nothing of the test process (NODE_ENV=test, DATABASE_URL, …) leaks in.
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: userFolder,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NODE_ENV: "production",
    GENERIC_TIMEZONE: "UTC",
    // STACK.md: the 1.123 line on Node 20, without isolated-vm and without task runners
    N8N_EXPRESSION_ENGINE: "legacy",
    N8N_RUNNERS_ENABLED: "false",
    N8N_PYTHON_ENABLED: "false",
    DB_TYPE: "postgresdb",
    DB_POSTGRESDB_HOST: db.host,
    DB_POSTGRESDB_PORT: db.port,
    DB_POSTGRESDB_DATABASE: db.database,
    DB_POSTGRESDB_USER: db.user,
    DB_POSTGRESDB_PASSWORD: db.password,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: encryptionKey, // the server and the CLI commands share it
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: "127.0.0.1",
    N8N_HOST: "127.0.0.1",
    N8N_PROTOCOL: "http",
    N8N_SECURE_COOKIE: "false",
    N8N_LOG_LEVEL: "info",
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: "10",
    // quiet the settings-file and deprecation warnings (safe values; nothing here needs them)
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: "true",
    N8N_BLOCK_ENV_ACCESS_IN_NODE: "true",
    N8N_GIT_NODE_DISABLE_BARE_REPOS: "true",
    // no calls to the internet
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_HIRING_BANNER_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_DYNAMIC_BANNERS_ENABLED: "false",
    N8N_LICENSE_AUTO_RENEW_ENABLED: "false",
    N8N_COMMUNITY_PACKAGES_ENABLED: "false",
    N8N_AI_ENABLED: "false",
    // every execution is stored, so the public API can report it
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: "all",
    EXECUTIONS_DATA_SAVE_ON_ERROR: "all",
    EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: "true",
    EXECUTIONS_DATA_PRUNE: "false",
  };
}

type CliResult = ExitStatus & { output: string };

async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
  const child = spawnGroup(args, env, "pipe");
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 1_000_000) output = output.slice(-500_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const failed = new Promise<never>((_, reject) =>
    child.once("error", (error) => reject(new Error(`n8n ${args.join(" ")} could not run: ${error.message}`))),
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`n8n ${args.join(" ")} did not finish within ${timeoutMs / 1000} s:\n${tail(output)}`));
    }, timeoutMs);
  });
  try {
    const status = await Promise.race([exited(child), failed, timedOut]);
    return { ...status, output };
  } finally {
    clearTimeout(timer);
    await endGroup(child, 5_000);
  }
}

type RestResponse = { status: number; body: unknown; text: string; cookies: string[] };

async function rest(
  baseUrl: string,
  method: string,
  route: string,
  options: { body?: unknown; cookie?: string; browserId: string },
): Promise<RestResponse> {
  const headers: Record<string, string> = { accept: "application/json", "browser-id": options.browserId };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. "n8n is starting up. Please wait")
  }
  return { status: response.status, body, text, cookies: response.headers.getSetCookie() };
}

function authCookie(cookies: string[]): string | undefined {
  for (const cookie of cookies) {
    const pair = cookie.split(";", 1)[0] ?? "";
    if (pair.startsWith("n8n-auth=") && pair.length > "n8n-auth=".length) return pair;
  }
  return undefined;
}

function restError(what: string, response: RestResponse): Error {
  return new Error(`n8n ${what} answered ${response.status}: ${response.text.slice(0, 500)}`);
}

const apiKeyResponse = z.object({ data: z.object({ id: z.string(), rawApiKey: z.string() }) });
const executionRow = z.object({ id: z.coerce.number(), status: z.string() });

// ---------------------------------------------------------------------------------------

export async function startN8n(options: { postgresAdminUrl: string; port?: number }): Promise<N8nPeer> {
  assertInstalled();
  const { admin, target } = parseAdminUrl(options.postgresAdminUrl);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const database = `n8n_peer_${randomBytes(6).toString("hex")}`;
  const db: DbTarget = { ...target, database };
  const browserId = randomUUID();

  const tempDir = await mkdtemp(path.join(os.tmpdir(), "nexus-n8n-"));
  liveTempDirs.add(tempDir);
  installExitHook();
  const logFile = path.join(tempDir, "n8n.log");
  const env = n8nEnvironment(db, tempDir, port, randomBytes(24).toString("hex"));

  const adminSql = () => postgres(admin.toString(), { max: 1, onnotice: () => {} });
  let databaseCreated = false;
  let server: ChildProcess | undefined;
  let n8nSql: postgres.Sql | undefined;
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (server) await endGroup(server, STOP_TIMEOUT_MS);
      await n8nSql?.end({ timeout: 5 }).catch(() => {});
      if (databaseCreated) {
        const sql = adminSql();
        try {
          await sql.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        } finally {
          await sql.end();
        }
      }
      await rm(tempDir, { recursive: true, force: true });
      liveTempDirs.delete(tempDir);
    })();
    return stopping;
  };

  try {
    const sql = adminSql();
    try {
      await sql.unsafe(`CREATE DATABASE ${database}`);
      databaseCreated = true;
    } finally {
      await sql.end();
    }
    const n8nUrl = new URL(admin);
    n8nUrl.pathname = `/${database}`;
    n8nSql = postgres(n8nUrl.toString(), { max: 1, onnotice: () => {} });

    const started = performance.now();
    const logFd = openSync(logFile, "a");
    try {
      server = spawnGroup(["start"], env, logFd);
    } finally {
      closeSync(logFd);
    }
    const child = server;
    let spawnError: Error | undefined;
    child.once("error", (error) => {
      spawnError = error;
    });
    const failure = (why: string) =>
      new Error(`n8n ${why} (port ${port}, database ${database}). Last lines of ${logFile}:\n${readTail(logFile)}`);

    // 1. the HTTP server listens (/healthz), after the migrations on a new database
    const healthDeadline = Date.now() + HEALTH_TIMEOUT_MS;
    for (;;) {
      if (spawnError) throw failure(`could not start: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw failure(`exited (code ${child.exitCode}, signal ${child.signalCode}) before answering /healthz`);
      }
      const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy) break;
      if (Date.now() > healthDeadline) throw failure(`did not answer GET /healthz within ${HEALTH_TIMEOUT_MS / 1000} s`);
      await sleep(500);
    }
    const healthySeconds = (performance.now() - started) / 1000;

    // 2. its routes are registered (a little after /healthz): /rest/settings answers JSON
    const readyDeadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw failure(`exited (code ${child.exitCode}, signal ${child.signalCode}) while starting up`);
      }
      const ready = await rest(url, "GET", "/rest/settings", { browserId })
        .then((response) => response.status === 200 && typeof response.body === "object" && response.body !== null)
        .catch(() => false);
      if (ready) break;
      if (Date.now() > readyDeadline) throw failure(`answered /healthz but not /rest/settings within ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(250);
    }
    const readySeconds = (performance.now() - started) / 1000;

    // 3. owner, login (cookie), API key
    const setup = await rest(url, "POST", "/rest/owner/setup", { body: OWNER, browserId });
    if (setup.status !== 200) throw restError("POST /rest/owner/setup", setup);
    const login = await rest(url, "POST", "/rest/login", {
      body: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
      browserId,
    });
    const cookie = authCookie(login.cookies);
    if (login.status !== 200 || !cookie) throw restError("POST /rest/login (no n8n-auth cookie)", login);
    const created = await rest(url, "POST", "/rest/api-keys", {
      body: { label: "nexus-peer-tests", scopes: API_KEY_SCOPES, expiresAt: null },
      cookie,
      browserId,
    });
    const parsedKey = apiKeyResponse.safeParse(created.body);
    if (created.status !== 200 || !parsedKey.success) throw restError("POST /rest/api-keys", created);
    const apiKey = parsedKey.data.data;

    console.info(
      `[n8n peer] n8n ${N8N_VERSION} on ${url}: /healthz after ${healthySeconds.toFixed(1)} s, ` +
        `REST ready after ${readySeconds.toFixed(1)} s, owner + API key after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const executionSql = n8nSql;
    let imports = 0;

    return {
      url,
      apiKey: apiKey.rawApiKey,

      async importWorkflows(workflows: unknown[]) {
        const file = path.join(tempDir, `workflows-${++imports}.json`);
        await writeFile(file, JSON.stringify(workflows));
        const result = await runCli(["import:workflow", `--input=${file}`], env);
        if (result.code !== 0) {
          throw new Error(`n8n import:workflow failed (code ${result.code}, signal ${result.signal}):\n${tail(result.output)}`);
        }
      },

      async execute(workflowId: string) {
        const latest = async (): Promise<z.infer<typeof executionRow> | undefined> => {
          const rows = await executionSql`
            SELECT id, status FROM execution_entity WHERE "workflowId" = ${workflowId} ORDER BY id DESC LIMIT 1`;
          return rows[0] === undefined ? undefined : executionRow.parse(rows[0]);
        };
        const before = (await latest())?.id ?? 0;
        // A failing workflow exits non-zero: that is fine, the execution is stored as `error`.
        const result = await runCli(["execute", `--id=${workflowId}`], env);
        const deadline = Date.now() + 15_000;
        for (;;) {
          const row = await latest();
          if (row && row.id > before && !["new", "running"].includes(row.status)) return;
          if (Date.now() > deadline) {
            throw new Error(
              `n8n execute --id=${workflowId} (code ${result.code}, signal ${result.signal}) stored no finished execution:\n${tail(result.output)}`,
            );
          }
          await sleep(250);
        }
      },

      async revokeApiKey() {
        const response = await rest(url, "DELETE", `/rest/api-keys/${encodeURIComponent(apiKey.id)}`, { cookie, browserId });
        if (response.status !== 200) throw restError(`DELETE /rest/api-keys/${apiKey.id}`, response);
      },

      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
