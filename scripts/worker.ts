// `npm run worker`: the job runner (lib/jobs.ts) on its own, for production hosts with
// long-running processes: n8n syncs and backfills, and the scheduled tasks. Run one or
// several beside the web processes; they share the work through the database.
// `npm start` runs the same runner inside its own process.
//
// SIGINT, SIGTERM or SIGHUP (or the death of the process that started it) stop it
// gracefully: running jobs finish, a sync after its page in flight, handing the rest back
// to the next worker; STOP_GRACE_SECONDS bounds the wait. A second signal stops at once.
import type { Sql } from "postgres";
import { createDb } from "../db/client";
import { startJobRunner, type JobRunner } from "../lib/jobs";
import { openDatabase } from "./lib/database";
import { handleShutdown, stopGraceMs } from "./lib/lifecycle.mjs";
import { loadLocalEnv } from "./lib/local-env";
import type { PgliteServer } from "./lib/pglite-server";

const graceMs = stopGraceMs();
let embedded: PgliteServer | null = null;
let client: Sql | null = null;
let runner: JobRunner | null = null;
let exitCode = 0;

const shutdown = handleShutdown({
  name: "npm run worker",
  deadlineMs: graceMs + 15_000,
  graceful: async (reason) => {
    console.log(`Stopping the job worker (${reason}): letting running jobs finish…`);
    await started.catch(() => {});
    await runner?.stop({ graceful: true, timeoutMs: graceMs });
    await client?.end({ timeout: 5 });
    await embedded?.close();
    console.log("Job worker stopped.");
    return exitCode;
  },
});

async function start(): Promise<void> {
  loadLocalEnv();
  const database = await openDatabase();
  embedded = database.embedded;
  if (shutdown.stopping) return;
  const connection = createDb(database.url, { max: 4 });
  client = connection.client;
  runner = await startJobRunner({ connectionString: database.url, db: connection.db });
  console.log(`Job worker running${embedded ? " on the embedded database" : ""}. Press Ctrl+C to stop.`);
}

const started = start();
started.catch((error: unknown) => {
  if (shutdown.stopping) return;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  exitCode = 1;
  shutdown.stop("start-up failed");
});
