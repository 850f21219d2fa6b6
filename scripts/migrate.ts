import { runMigrations } from "../db/migrate";
import { loadLocalEnv } from "./lib/local-env";

// `npm run db:migrate`: applies migrations to DATABASE_URL (a deploy step in production).
loadLocalEnv();
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm start` runs migrations on the embedded database by itself.");
  process.exit(1);
}
await runMigrations(url);
console.log("Migrations applied.");
