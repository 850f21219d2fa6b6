// /api/health (PRODUCT.md §9): 200 only when the database answers and every migration
// this build ships is applied; 503 otherwise, bounded by a timeout, with no internals.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { sql } from "drizzle-orm";
import { TransactionRollbackError } from "drizzle-orm/errors";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, Transaction } from "@/db/client";
import { createDb } from "@/db/client";
import { checkHealth, HEALTH_TIMEOUT_MS } from "@/db/queries/health";
import journal from "@/drizzle/meta/_journal.json";
import { createTestDatabase, engines, type TestDatabase } from "../support/databases";

const lastMigration = journal.entries.at(-1);

/** Runs `work` in a transaction that is always rolled back, so tests leave no trace. */
async function rolledBack<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      result = { value: await work(tx) };
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  if (!result) throw new Error("the transaction did not run");
  return result.value;
}

async function migrationRows(db: Database): Promise<number> {
  const [row] = await db.execute<{ count: number }>(sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`);
  return row?.count ?? -1;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The route as Next would call it, against `url`, with a fresh environment and pool. */
async function callRoute(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const globalForDb = globalThis as unknown as { nexusDb?: Database };
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", url);
  vi.stubEnv("AUTH_SECRET", randomBytes(32).toString("hex"));
  vi.stubEnv("CREDENTIAL_KEYS", `1:${randomBytes(32).toString("base64")}`);
  vi.stubEnv("LOG_LEVEL", "silent");
  delete globalForDb.nexusDb;
  try {
    const { GET } = await import("@/app/api/health/route");
    return await GET(new Request("http://localhost/api/health", { headers }));
  } finally {
    // the pool getDb() opened for this call (db/index.ts keeps it on globalThis)
    const opened: Database | undefined = Reflect.get(globalThis, "nexusDb");
    await opened?.$client.end({ timeout: 1 });
    delete globalForDb.nexusDb;
    vi.unstubAllEnvs();
  }
}

describe.each(engines)("health on %s", (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("answers ok when the database is migrated", async () => {
    const check = await checkHealth(database.db);
    expect(check.httpStatus).toBe(200);
    expect(check.report).toEqual({ status: "ok", database: "ok", migrations: "current" });
    expect(await migrationRows(database.db)).toBe(journal.entries.length);
  });

  it("answers 503 pending when the last migration has not been applied", async () => {
    const check = await rolledBack(database.db, async (tx) => {
      await tx.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = ${lastMigration?.when}`);
      return checkHealth(tx);
    });
    expect(check.httpStatus).toBe(503);
    expect(check.report).toEqual({ status: "error", database: "ok", migrations: "pending" });
    expect(await migrationRows(database.db)).toBe(journal.entries.length);
  });

  it("answers 503 pending on a database no migration ever ran on", async () => {
    const check = await rolledBack(database.db, async (tx) => {
      await tx.execute(sql`DROP SCHEMA drizzle CASCADE`);
      return checkHealth(tx);
    });
    expect(check).toMatchObject({ httpStatus: 503, report: { status: "error", database: "ok", migrations: "pending" } });
  });

  it("stays healthy when the database is ahead of this build (a rolling deploy migrated for the next one)", async () => {
    const check = await rolledBack(database.db, async (tx) => {
      await tx.execute(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('next-release', ${(lastMigration?.when ?? 0) + 60_000})`);
      return checkHealth(tx);
    });
    expect(check.httpStatus).toBe(200);
    expect(check.report).toEqual({ status: "ok", database: "ok", migrations: "ahead" });
  });

  it("serves the answer uncached, with only status fields, and echoes a well-formed request id", async () => {
    const response = await callRoute(database.url, { "x-request-id": "lb-4711" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBe("lb-4711");
    expect(await response.json()).toEqual({ status: "ok", database: "ok", migrations: "current" });

    const generated = await callRoute(database.url, { "x-request-id": "not a valid id!" });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("health without a database", () => {
  it("answers 503 unreachable when the database refuses connections, without saying why", async () => {
    const url = `postgres://nexus:hunter2@127.0.0.1:${await closedPort()}/nexus`;
    const { db, client } = createDb(url, { max: 1 });
    try {
      const check = await checkHealth(db);
      expect(check.httpStatus).toBe(503);
      expect(check.report).toEqual({ status: "error", database: "unreachable", migrations: "unknown" });
      expect(check.failure).toBeInstanceOf(Error);
    } finally {
      await client.end({ timeout: 1 });
    }

    const response = await callRoute(url);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: "error", database: "unreachable", migrations: "unknown" });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|hunter2/);
  });

  it("gives up after the timeout when the database accepts but never answers", async () => {
    expect(HEALTH_TIMEOUT_MS).toBe(2_000);
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const { db, client } = createDb(`postgres://nexus@127.0.0.1:${port}/nexus`, { max: 1 });
    try {
      const started = performance.now();
      const check = await checkHealth(db, { timeoutMs: 300 });
      const elapsed = performance.now() - started;
      expect(check.report).toEqual({ status: "error", database: "unreachable", migrations: "unknown" });
      expect(check.httpStatus).toBe(503);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(1_500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await client.end({ timeout: 0 });
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
