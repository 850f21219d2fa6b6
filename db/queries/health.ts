import "server-only";
import { sql } from "drizzle-orm";
import type { Queryable } from "../client";
// Imported, not read from disk: bundled at build time, so the check works where the
// deployment has no drizzle/ folder (Vercel functions).
import journal from "../../drizzle/meta/_journal.json";

/**
 * What /api/health answers, and nothing more: no error text, versions or counts.
 * - migrations "current": every migration this build ships is applied;
 * - "ahead": those and newer ones too (a rolling deploy migrated for the next version,
 *   which must keep the running one working), still healthy;
 * - "pending": a migration this build needs is missing; "unknown": no database to ask.
 */
export type HealthReport = {
  status: "ok" | "error";
  database: "ok" | "unreachable";
  migrations: "current" | "ahead" | "pending" | "unknown";
};

/** `failure` is for the server's log only: it may name hosts or carry driver messages. */
export type HealthCheck = { httpStatus: 200 | 503; report: HealthReport; failure?: unknown };

export const HEALTH_TIMEOUT_MS = 2_000;

// drizzle's migrator records each applied migration with the journal entry's `when` as
// created_at (its default table, drizzle.__drizzle_migrations, is what db/migrate.ts uses).
const expectedMigrations: readonly string[] = journal.entries.map((entry) => String(entry.when));

class HealthTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout()), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function appliedMigrations(db: Queryable): Promise<Set<string> | null> {
  const [table] = await db.execute<{ present: boolean }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!table?.present) return null;
  const rows = await db.execute<{ createdAt: string }>(
    sql`SELECT created_at::text AS "createdAt" FROM drizzle.__drizzle_migrations`,
  );
  return new Set(Array.from(rows, (row) => row.createdAt));
}

/**
 * Is this instance fit to serve: the database answers within the timeout, and every
 * migration this build expects has been applied. Never throws.
 */
export async function checkHealth(db: Queryable, options: { timeoutMs?: number } = {}): Promise<HealthCheck> {
  let applied: Set<string> | null;
  try {
    applied = await withTimeout(appliedMigrations(db), options.timeoutMs ?? HEALTH_TIMEOUT_MS);
  } catch (error) {
    // Refused, timed out, or failing queries: to a load balancer all are "do not route here".
    const failure = error instanceof HealthTimeout ? new Error(`database did not answer within ${options.timeoutMs ?? HEALTH_TIMEOUT_MS} ms`) : error;
    return { httpStatus: 503, report: { status: "error", database: "unreachable", migrations: "unknown" }, failure };
  }
  const present = applied;
  if (present === null || expectedMigrations.some((when) => !present.has(when))) {
    return { httpStatus: 503, report: { status: "error", database: "ok", migrations: "pending" } };
  }
  const ahead = present.size > new Set(expectedMigrations).size;
  return { httpStatus: 200, report: { status: "ok", database: "ok", migrations: ahead ? "ahead" : "current" } };
}
