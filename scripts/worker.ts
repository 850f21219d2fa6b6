// `npm run worker`: the job runner (lib/jobs.ts) on its own, for production hosts with
// long-running processes: n8n syncs and backfills, and the scheduled tasks. Run one or
// several beside the web processes; they share the work through the database.
// `npm start` runs the same runner inside its own process.
import { createDb } from "../db/client";
import { startJobRunner } from "../lib/jobs";
import { openDatabase } from "./lib/database";
import { loadLocalEnv } from "./lib/local-env";

loadLocalEnv();
const { url, embedded } = await openDatabase();
const { db, client } = createDb(url, { max: 4 });
const runner = await startJobRunner({ connectionString: url, db });
console.log(`Job worker running${embedded ? " on the embedded database" : ""}. Press Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) process.exit(1); // a second signal: stop at once
  stopping = true;
  console.log("Stopping: letting running jobs finish…");
  await runner.stop({ graceful: true });
  await client.end();
  await embedded?.close();
  process.exit(0);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());
