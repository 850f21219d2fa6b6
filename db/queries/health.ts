import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Queryable } from "../client";

/** Database reachable, and every migration in drizzle/ applied. */
export async function checkDatabaseHealth(db: Queryable): Promise<{ ok: boolean; applied: number; expected: number }> {
  const journal = JSON.parse(readFileSync(path.join(process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const rows = await db.execute<{ applied: number }>(
    sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`,
  );
  const applied = rows[0]?.applied ?? 0;
  return { ok: applied === journal.entries.length, applied, expected: journal.entries.length };
}
