import { createDb } from "../db/client";
import { rebuildRollups } from "../db/queries/rollups";
import { openDatabase } from "./lib/database";
import { loadLocalEnv } from "./lib/local-env";

// `npm run db:rollups [-- --from=YYYY-MM-DD]`: repairs the rollups from raw runs, a month
// at a time (each month commits on its own: an interrupted rebuild resumes with
// --from=<the first month it did not report>), then the hourly rollup's recent hours.
loadLocalEnv();
const from = process.argv.find((value) => value.startsWith("--from="))?.split("=")[1];
if (from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(from)) {
  console.error("--from takes a UTC day: --from=YYYY-MM-DD");
  process.exit(1);
}
const { url, embedded } = await openDatabase();
const { db, client } = createDb(url, { max: 1 });
const started = Date.now();
const { months } = await rebuildRollups(db, {
  from,
  onMonth: ({ month, rows }) => console.log(`  ${month.slice(0, 7)}: ${rows.toLocaleString("en-US")} daily rows`),
});
await client.end();
await embedded?.close();
console.log(
  `Rollups rebuilt from ${from ?? "the first run"} (${months} month${months === 1 ? "" : "s"}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
);
