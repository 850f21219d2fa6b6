import { sql, type AnyColumn } from "drizzle-orm";

/**
 * Newest first, in the order the indexes are built: drizzle-kit writes `.desc()` indexes
 * as DESC NULLS LAST, while a bare ORDER BY … DESC means NULLS FIRST, and PostgreSQL then
 * cannot walk the index and sorts the whole table instead (1 M runs: ~600 ms → ~5 ms).
 */
export function newestFirst(column: AnyColumn) {
  return sql`${column} desc nulls last`;
}

/** Oldest first, the same index walked the other way (a backward scan of DESC NULLS LAST). */
export function oldestFirst(column: AnyColumn) {
  return sql`${column} asc nulls first`;
}
