import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

// One query path for both engines: PostgreSQL, or PGlite behind its wire server
// (scripts/lib/pglite-server.ts). Scripts and tests import this file directly.
export function createDb(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // timestamps stay Date objects; bigint sums come back as strings unless cast
    prepare: true,
  });
  const db = drizzle(client, { schema, casing: "snake_case" });
  return { db, client };
}

export type Database = ReturnType<typeof createDb>["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: queries accept either. */
export type Queryable = Database | Transaction;
