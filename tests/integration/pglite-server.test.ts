// The embedded database's wire server: clients never see each other's rows, transactions
// never interleave, and answers far larger than PGlite's ~8 KB flushes end cleanly.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgliteServer, type PgliteServer } from "../../scripts/lib/pglite-server";

describe("PGlite wire server", () => {
  let server: PgliteServer;
  let sql: postgres.Sql;

  beforeAll(async () => {
    server = await startPgliteServer({});
    sql = postgres(server.url, { max: 5, onnotice: () => {} });
    await sql`CREATE TABLE big (id int PRIMARY KEY, v text)`;
    await sql`INSERT INTO big SELECT g, repeat('x', 500) || g FROM generate_series(1, 3000) g`;
  });
  afterAll(async () => {
    await sql?.end();
    await server?.close();
  });

  it("streams large answers to several clients at once without hanging", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => sql`SELECT id, v FROM big WHERE id > ${index} ORDER BY id LIMIT 1000`),
    );
    answers.forEach((rows, index) => {
      expect(rows).toHaveLength(1000);
      expect(rows[0]?.id).toBe(index + 1);
    });
  });

  it("keeps each client's transaction to itself and rolls back a failed one", async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        sql.begin(async (tx) => {
          await tx`UPDATE big SET v = ${`t${index}`} WHERE id = ${index + 1}`;
          const [row] = await tx`SELECT v FROM big WHERE id = ${index + 1}`;
          expect(row?.v).toBe(`t${index}`);
        }),
      ),
    );
    await expect(
      sql.begin(async (tx) => {
        await tx`UPDATE big SET v = 'lost' WHERE id = 2000`;
        await tx`SELECT 1 / 0`;
      }),
    ).rejects.toThrow(/division by zero/);
    const [row] = await sql`SELECT v FROM big WHERE id = 2000`;
    expect(row?.v).not.toBe("lost");
  });

  it("releases the database when a client drops mid-transaction", async () => {
    const dropped = postgres(server.url, { max: 1, onnotice: () => {} });
    const reserved = await dropped.reserve();
    await reserved`BEGIN`;
    await reserved`UPDATE big SET v = 'half-done' WHERE id = 1`;
    await dropped.end({ timeout: 0 });
    const [row] = await sql`SELECT v FROM big WHERE id = 1`;
    expect(row?.v).not.toBe("half-done");
  });
});
