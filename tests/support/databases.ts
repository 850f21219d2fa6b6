import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, type Database } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { startPgliteServer } from "../../scripts/lib/pglite-server";
import { loopbackAdminUrl } from "./templates";

export { SEED_NOW } from "./templates";

export type Engine = "pglite" | "postgres";

/** PGlite always; a real PostgreSQL server too when TEST_DATABASE_URL is set. */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDatabase = { engine: Engine; url: string; db: Database; close: () => Promise<void> };

/**
 * A copy of the seeded template (seeded at SEED_NOW, see templates.ts), for tests that
 * work on the demo data. Each call is a fresh copy, so tests files never share writes.
 */
export function createSeededDatabase(engine: Engine): Promise<TestDatabase> {
  return createTestDatabase(engine, { seeded: true });
}

/**
 * A new, empty database on the engine: an in-memory PGlite behind its wire server, or a
 * fresh database on the TEST_DATABASE_URL server, dropped on close. Refuses a server that
 * is not on loopback, so tests never touch a real deployment.
 */
export async function createTestDatabase(
  engine: Engine,
  options: { migrate?: boolean; seeded?: boolean } = {},
): Promise<TestDatabase> {
  let url: string;
  let dispose: () => Promise<void>;
  if (engine === "pglite") {
    const template = options.seeded ? new Blob([await readFile(inject("pgliteTemplate"))]) : undefined;
    const server = await startPgliteServer(template ? { loadDataDir: template } : {});
    url = server.url;
    dispose = server.close;
  } else {
    const adminUrl = loopbackAdminUrl();
    const name = `nexus_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}${options.seeded ? ` TEMPLATE ${inject("postgresTemplate")}` : ""}`);
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    dispose = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  if (options.migrate !== false && !options.seeded) await runMigrations(url);
  const { db, client } = createDb(url);
  return {
    engine,
    url,
    db,
    close: async () => {
      await client.end();
      await dispose();
    },
  };
}
