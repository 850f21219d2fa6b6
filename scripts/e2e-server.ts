// The server Playwright tests run against: a throwaway in-memory PGlite, migrated and
// seeded, and the production build served by `next start`. Started by playwright.config.ts.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seed } from "../db/seed";
import { startJobRunner } from "../lib/jobs";
import { serverWorkers, startNextServer } from "./lib/next-server";
import { startPgliteServer } from "./lib/pglite-server";
import { startRealtimeServer } from "./lib/realtime-server";

const port = Number(process.env.E2E_PORT ?? 3100);
const databasePort = Number(process.env.E2E_DB_PORT ?? 55432);

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` (or the whole `npm test`) first.");
  process.exit(1);
}

const database = await startPgliteServer({ port: databasePort });
const realtimeCredentials = { appId: "e2e", key: randomBytes(10).toString("hex"), secret: randomBytes(24).toString("hex") };
const realtimePort = Number(process.env.E2E_REALTIME_PORT ?? 6101);
let realtime: Awaited<ReturnType<typeof startRealtimeServer>> | null = await startRealtimeServer({
  ...realtimeCredentials,
  port: realtimePort,
});
const realtimeHost = realtime.host;
await runMigrations(database.url);
const { db, client } = createDb(database.url, { max: 2 });
// one key ring for the seeded credentials and the server that decrypts them
const credentialKeys = `1:${randomBytes(32).toString("base64")}`;
await seed(db, { credentialKeys });
await client.end();

// The job worker, as `npm start` runs it (n8n syncs, scheduled tasks); the browser tests'
// n8n stand-in listens on loopback, which production would refuse.
process.env.CREDENTIAL_KEYS = credentialKeys;
// the worker's pushes (alerts, syncs) go to the same realtime server as the web's
Object.assign(process.env, {
  PUSHER_APP_ID: realtimeCredentials.appId,
  PUSHER_KEY: realtimeCredentials.key,
  PUSHER_SECRET: realtimeCredentials.secret,
  PUSHER_HOST: realtimeHost,
  PUSHER_PORT: String(realtimePort),
  // links in alert emails (Auth.js reads AUTH_URL, which the tests leave to the request)
  NEXUS_URL: `http://localhost:${port}`,
});
process.env.CONNECTORS_ALLOW_PRIVATE_NETWORKS = "true";
process.env.NEXUS_DEV_MAILBOX = "true";
const jobs = createDb(database.url, { max: 3 });
const runner = await startJobRunner({ connectionString: database.url, db: jobs.db });

const server = startNextServer({
  port,
  // as `npm start` serves it: one worker per core (WEB_CONCURRENCY), so the browser tests
  // also cover the cluster and whatever a worker keeps to itself
  workers: serverWorkers(),
  // no -H: with it, Next stops relativising same-origin redirects from middleware
  quiet: true,
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CREDENTIAL_KEYS: credentialKeys,
    CONNECTORS_ALLOW_PRIVATE_NETWORKS: "true",
    NEXUS_DEV_MAILBOX: "true",
    PUSHER_APP_ID: realtimeCredentials.appId,
    PUSHER_KEY: realtimeCredentials.key,
    PUSHER_SECRET: realtimeCredentials.secret,
    PUSHER_HOST: realtimeHost,
    PUSHER_PORT: String(realtimePort),
  },
});

// Test control, loopback only: tests stop and restart the realtime server to prove that
// writes never depend on it and that pages catch up after reconnecting.
const control = http.createServer((request, response) => {
  const run = async () => {
    if (request.method === "POST" && request.url === "/realtime/stop") {
      await realtime?.close();
      realtime = null;
    } else if (request.method === "POST" && request.url === "/realtime/start") {
      realtime ??= await startRealtimeServer({ ...realtimeCredentials, port: realtimePort });
    } else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(204).end();
  };
  run().catch((error: unknown) => response.writeHead(500).end(String(error)));
});
control.listen(Number(process.env.E2E_CONTROL_PORT ?? 6102), "127.0.0.1");

const stop = async () => {
  server.kill("SIGTERM");
  control.close();
  await runner.stop({ graceful: false, timeoutMs: 2_000 });
  await jobs.client.end();
  await realtime?.close();
  await database.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", () => void stop());
