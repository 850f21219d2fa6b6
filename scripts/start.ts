// `npm start`: everything a fresh clone needs, in one command. Generates local secrets,
// serves the embedded database (or uses DATABASE_URL), migrates, seeds an empty
// database, builds when the sources changed, then serves http://localhost:3000.
//
// Stopping (README, "Stopping Nexus"): SIGINT, SIGTERM or SIGHUP, or the death of the
// process that started this one, stop the web server (requests in flight finish), the job
// worker (running jobs finish or hand their work back), the realtime server, and the
// embedded database last. A second signal stops at once.
import type { ChildProcess } from "node:child_process";
import type { Sql } from "postgres";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { isSeeded, seed } from "../db/seed";
import { startJobRunner, type JobRunner } from "../lib/jobs";
import { DEMO_PASSWORD, demoCompanies, demoStaff } from "../db/seed-data";
import { buildIfNeeded } from "./lib/build";
import { openDatabase, pgliteDataDir } from "./lib/database";
import { handleShutdown, stopGraceMs } from "./lib/lifecycle.mjs";
import { ensureLocalEnv } from "./lib/local-env";
import { serverWorkers, startNextServer, waitForHttp } from "./lib/next-server";
import { startLocalRealtime } from "./lib/local-realtime";
import type { PgliteServer } from "./lib/pglite-server";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const graceMs = stopGraceMs();

// what is running, for the stop to take down in order
let embedded: PgliteServer | null = null;
let realtime: Awaited<ReturnType<typeof startLocalRealtime>> | null = null;
let runner: JobRunner | null = null;
let jobsClient: Sql | null = null;
let server: ChildProcess | null = null;
let exitCode = 0;
const starting = new AbortController();

/** Resolves when the web server has exited; SIGKILL if it outlives its grace. */
function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs + 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

const shutdown = handleShutdown({
  name: "npm start",
  deadlineMs: graceMs + 20_000,
  graceful: async (reason) => {
    console.log(`\nStopping Nexus (${reason})…`);
    starting.abort();
    await started.catch(() => {});
    // the web and the jobs stop taking work and finish what they hold…
    await Promise.all([stopServer(), runner?.stop({ graceful: true, timeoutMs: graceMs })]);
    await jobsClient?.end({ timeout: 5 });
    // …then what they were writing to: realtime, and the database last
    await realtime?.server.close();
    await embedded?.close();
    console.log("Nexus stopped.");
    return exitCode;
  },
  immediate: () => server?.kill("SIGKILL"),
});

async function start(signal: AbortSignal): Promise<void> {
  ensureLocalEnv();
  const database = await openDatabase({ publish: true });
  embedded = database.embedded;
  const { url } = database;
  console.log(embedded ? `Embedded PostgreSQL (PGlite) in ${pgliteDataDir()}` : "Using DATABASE_URL.");
  signal.throwIfAborted();

  await runMigrations(url);
  const { db, client } = createDb(url, { max: 2 });
  try {
    if (!(await isSeeded(db))) {
      console.log("Empty database: seeding demo data…");
      await seed(db);
    }
  } finally {
    await client.end();
  }
  signal.throwIfAborted();

  if (!dev) await buildIfNeeded({ signal });

  // Realtime: hosted Pusher when a cluster is configured, else the local server on loopback.
  realtime = process.env.PUSHER_CLUSTER ? null : await startLocalRealtime();
  signal.throwIfAborted();

  // The job worker (n8n syncs, scheduled tasks) runs in this process, beside the web workers.
  // A local n8n on this machine or the network is a normal target here, so private
  // addresses are allowed (production refuses them unless told otherwise).
  process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS ??= "true";
  // without SMTP, alert emails land in the development mailbox (/admin/mailbox)
  process.env.NEXUS_DEV_MAILBOX ??= "true";
  // the worker's pushes (alerts, syncs) go where the web's go: the local realtime server
  Object.assign(process.env, realtime?.env ?? {});
  const jobs = createDb(url, { max: 4 });
  jobsClient = jobs.client;
  runner = await startJobRunner({ connectionString: url, db: jobs.db });
  signal.throwIfAborted();

  server = startNextServer({
    port,
    dev,
    workers: dev ? 1 : serverWorkers(),
    env: { ...process.env, DATABASE_URL: url, ...realtime?.env },
  });
  server.on("exit", (code, exitSignal) => {
    if (shutdown.stopping) return;
    console.error(`The web server exited (${exitSignal ?? code}).`);
    exitCode = code || 1;
    shutdown.stop("the web server exited");
  });

  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 180_000, signal);
  const signIns = [
    ...demoStaff.map((staff) => [staff.role === "admin" ? "admin" : "sales engineer", staff.email, ""]),
    ...demoCompanies.map((company) => ["client", company.users[0]?.email ?? "", company.name]),
  ];
  console.log(`
  Nexus is running at http://localhost:${port}

  Demo sign-ins (the password for all of them: ${DEMO_PASSWORD})
${signIns.map(([role, email, company]) => `    ${role?.padEnd(16)}${email?.padEnd(36)}${company}`).join("\n")}

  Press Ctrl+C to stop.
`);
}

const started = start(starting.signal);
started.catch((error: unknown) => {
  if (shutdown.stopping) return;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
  shutdown.stop("start-up failed");
});
