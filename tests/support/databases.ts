import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type Database } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { startPgliteServer } from "../../scripts/lib/pglite-server";

export type Engine = "pglite" | "postgres";

/** PGlite always; a real PostgreSQL server too when TEST_DATABASE_URL is set. */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDatabase = { engine: Engine; url: string; db: Database; close: () => Promise<void> };

/**
 * A new, empty database on the engine: an in-memory PGlite behind its wire server, or a
 * fresh database on the TEST_DATABASE_URL server, dropped on close. Refuses a server that
 * is not on loopback, so tests never touch a real deployment.
 */
export async function createTestDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let url: string;
  let dispose: () => Promise<void>;
  if (engine === "pglite") {
    const server = await startPgliteServer({});
    url = server.url;
    dispose = server.close;
  } else {
    const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? "");
    if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(adminUrl.hostname)) {
      throw new Error(`TEST_DATABASE_URL must point at a loopback server, not ${adminUrl.hostname}`);
    }
    const name = `nexus_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    dispose = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  if (options.migrate !== false) await runMigrations(url);
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
