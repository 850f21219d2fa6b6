// A database as deployed before a migration: the project's migrations up to `lastIdx` (the
// journal's index), applied by drizzle's own migrator from a trimmed copy of drizzle/. Tests
// of a migration then run db/migrate.ts on it, as a deploy would.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { TestDatabase } from "./databases";

export async function migrateUpTo(db: TestDatabase["db"], lastIdx: number): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), "nexus-migrations-"));
  try {
    await cp(path.join(process.cwd(), "drizzle"), folder, { recursive: true });
    const journalPath = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx <= lastIdx);
    await writeFile(journalPath, JSON.stringify(journal));
    await migrate(db, { migrationsFolder: folder });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
