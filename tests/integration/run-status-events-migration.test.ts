// Migration 0011 on a database deployed before it (at 0010, with runs): it is applied by
// `db:migrate` (its journal `when` is after 0010's, or drizzle's migrator would skip it),
// and its backfill gives each earlier run what Nexus kept of it: the first report (in its
// status when no later report changed the run, else with that status unknown) and the last
// change. Run on both engines.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/db/migrate";
import { createTestDatabase, engines, type TestDatabase } from "../support/databases";
import { migrateUpTo } from "../support/migrations";

const COMPANY = "00000000-0000-4000-8000-000000000101";
const WORKFLOW = "00000000-0000-4000-8000-000000000102";
const UNCHANGED = "00000000-0000-4000-8000-000000000103";
const CHANGED = "00000000-0000-4000-8000-000000000104";
const RUNNING = "00000000-0000-4000-8000-000000000105";

describe.each(engines)("migrating runs to a status history on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrate: false });
    await migrateUpTo(database.db, 10);

    await database.db.execute(sql`INSERT INTO companies (id, name, industry) VALUES (${COMPANY}, 'Before history', 'Testing')`);
    await database.db.execute(sql`
      INSERT INTO workflows (id, company_id, name, platform, status) VALUES (${WORKFLOW}, ${COMPANY}, 'Invoices', 'n8n', 'active')`);
    await database.db.execute(sql`
      INSERT INTO workflow_executions (id, company_id, workflow_id, external_id, status, started_at, finished_at, error_message, created_at, updated_at) VALUES
        (${UNCHANGED}, ${COMPANY}, ${WORKFLOW}, 'a', 'failed', '2026-11-01T09:00:00Z', '2026-11-01T09:00:30Z', 'Bad gateway', '2026-11-01T09:00:31Z', '2026-11-01T09:00:31Z'),
        (${CHANGED}, ${COMPANY}, ${WORKFLOW}, 'b', 'succeeded', '2026-11-01T10:00:00Z', '2026-11-01T10:05:00Z', NULL, '2026-11-01T10:00:01Z', '2026-11-01T10:05:02Z'),
        (${RUNNING}, ${COMPANY}, ${WORKFLOW}, 'c', 'running', '2026-11-01T11:00:00Z', NULL, NULL, '2026-11-01T11:00:01Z', '2026-11-01T11:00:01Z')`);
    await runMigrations(database.url);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("is applied after 0010, and backfills a first report and the last change per run", async () => {
    const [applied] = await database.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    const journal = JSON.parse(await readFile(path.join(process.cwd(), "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
    expect(applied?.n).toBe(journal.entries.length);

    const events = await database.db.execute<{ run_id: string; status: string | null; finished_at: Date | string | null; error_message: string | null; seen_at: Date | string }>(sql`
      SELECT run_id, status, finished_at, error_message, seen_at FROM run_status_events ORDER BY run_id, seen_at, ordinal`);
    expect(
      events.map((event) => [
        event.run_id,
        event.status,
        event.finished_at ? new Date(event.finished_at).toISOString() : null,
        event.error_message,
        new Date(event.seen_at).toISOString(),
      ]),
    ).toEqual([
      [UNCHANGED, "failed", "2026-11-01T09:00:30.000Z", "Bad gateway", "2026-11-01T09:00:31.000Z"],
      [CHANGED, null, null, null, "2026-11-01T10:00:01.000Z"],
      [CHANGED, "succeeded", "2026-11-01T10:05:00.000Z", null, "2026-11-01T10:05:02.000Z"],
      [RUNNING, "running", null, null, "2026-11-01T11:00:01.000Z"],
    ]);
  });
});
