// `npm start`: everything a fresh clone needs, in one command. Generates local secrets,
// serves the embedded database (or uses DATABASE_URL), migrates, seeds an empty
// database, builds when the sources changed, then serves http://localhost:3000.
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { isSeeded, seed } from "../db/seed";
import { startJobRunner } from "../lib/jobs";
import { DEMO_PASSWORD, demoCompanies, demoStaff } from "../db/seed-data";
import { buildIfNeeded } from "./lib/build";
import { openDatabase, PGLITE_DATA_DIR } from "./lib/database";
import { ensureLocalEnv } from "./lib/local-env";
import { serverWorkers, startNextServer, waitForHttp } from "./lib/next-server";
import { startLocalRealtime } from "./lib/local-realtime";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

ensureLocalEnv();
const { url, embedded } = await openDatabase({ publish: true });
console.log(embedded ? `Embedded PostgreSQL (PGlite) in ${PGLITE_DATA_DIR}` : "Using DATABASE_URL.");

await runMigrations(url);
const { db, client } = createDb(url, { max: 2 });
if (!(await isSeeded(db))) {
  console.log("Empty database: seeding demo data…");
  await seed(db);
}
await client.end();

if (!dev) buildIfNeeded();

// Realtime: hosted Pusher when a cluster is configured, else the local server on loopback.
const realtime = process.env.PUSHER_CLUSTER ? null : await startLocalRealtime();

// The job worker (n8n syncs, scheduled tasks) runs in this process, beside the web workers.
// A local n8n on this machine or the network is a normal target here, so private
// addresses are allowed (production refuses them unless told otherwise).
process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS ??= "true";
// without SMTP, alert emails land in the development mailbox (/admin/mailbox)
process.env.NEXUS_DEV_MAILBOX ??= "true";
// the worker's pushes (alerts, syncs) go where the web's go: the local realtime server
Object.assign(process.env, realtime?.env ?? {});
const jobs = createDb(url, { max: 4 });
const runner = await startJobRunner({ connectionString: url, db: jobs.db });


const workers = dev ? 1 : serverWorkers();
const server = startNextServer({ port, dev, workers, env: { ...process.env, DATABASE_URL: url, ...realtime?.env } });
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await runner.stop({ graceful: true, timeoutMs: 10_000 });
  await jobs.client.end();
  await realtime?.server.close();
  await embedded?.close();
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
server.on("exit", (code) => void stop(code ?? 0));

await waitForHttp(`http://127.0.0.1:${port}/api/health`, 180_000);
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
