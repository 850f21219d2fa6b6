import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { seed } from "../db/seed";
import { openDatabase } from "./lib/database";
import { loadLocalEnv } from "./lib/local-env";

// `npm run db:seed`: migrates, then writes the deterministic demo data (idempotent).
loadLocalEnv();
const { url, embedded } = await openDatabase();
try {
  await runMigrations(url);
  const { db, client } = createDb(url);
  const started = Date.now();
  await seed(db);
  await client.end();
  console.log(`Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await embedded?.close();
}
