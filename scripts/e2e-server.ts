// The server Playwright tests run against: a throwaway in-memory PGlite, migrated and
// seeded, and the production build served by `next start`. Started by playwright.config.ts.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seed } from "../db/seed";
import { startNextServer } from "./lib/next-server";
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
const realtime = await startRealtimeServer({ ...realtimeCredentials, port: Number(process.env.E2E_REALTIME_PORT ?? 6101) });
await runMigrations(database.url);
const { db, client } = createDb(database.url, { max: 2 });
await seed(db);
await client.end();

const server = startNextServer({
  port,
  // no -H: with it, Next stops relativising same-origin redirects from middleware
  quiet: true,
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CREDENTIAL_KEYS: `1:${randomBytes(32).toString("base64")}`,
    PUSHER_APP_ID: realtimeCredentials.appId,
    PUSHER_KEY: realtimeCredentials.key,
    PUSHER_SECRET: realtimeCredentials.secret,
    PUSHER_HOST: realtime.host,
    PUSHER_PORT: String(realtime.port),
  },
});

const stop = async () => {
  server.kill("SIGTERM");
  await realtime.close();
  await database.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", () => void stop());
