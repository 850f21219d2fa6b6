import "server-only";
import { env } from "@/lib/env";
import { createDb, type Database } from "./client";

// The app's one database client, kept on globalThis so `next dev` reloads reuse the pool.
const globalForDb = globalThis as unknown as { nexusDb?: Database };

export function getDb(): Database {
  globalForDb.nexusDb ??= createDb(env().DATABASE_URL).db;
  return globalForDb.nexusDb;
}
