import { createDb } from "../db/client";
import { rebuildDailyStats } from "../db/queries/rollups";
import { openDatabase } from "./lib/database";
import { loadLocalEnv } from "./lib/local-env";

// `npm run db:rollups [-- --from=YYYY-MM-DD]`: repairs the rollups from raw runs.
loadLocalEnv();
const from = process.argv.find((value) => value.startsWith("--from="))?.split("=")[1];
const { url, embedded } = await openDatabase();
const { db, client } = createDb(url, { max: 1 });
const started = Date.now();
await db.transaction((tx) => rebuildDailyStats(tx, { from }));
await client.end();
await embedded?.close();
console.log(`Rollups rebuilt from ${from ?? "the first run"} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
