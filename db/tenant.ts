import "server-only";
import { is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { CompanyScope } from "@/lib/authz";
import type { Database, Queryable, Transaction } from "./client";
import * as schema from "./schema";

/**
 * Row-level security, the database's second line (PRODUCT.md §7 Tenancy; the policies are
 * in drizzle/0004_row_level_security.sql). Tenant writes run as the `nexus_app` role with
 * the scope stated in transaction-local settings, so a query that forgets its company
 * filter still cannot read or write another company's rows.
 *
 * Who uses it: `command()` (lib/action.ts) gives every command a `tenantDatabase` for its
 * viewer, ingestion (lib/ingestion.ts) records runs `withTenant` of the key's company, and
 * the client area's pages read in one read-only scoped transaction per request
 * (lib/tenant-reads.ts). The staff area's pages read through the owner connection
 * (`getDb()`), scoped explicitly by the data layer (db/queries/*, the first line).
 */

export const TENANT_ROLE = "nexus_app";

export type TenantOptions = {
  /** the acting user (app.user_id): their own users row and notifications stay reachable */
  userId?: string | null;
  /** the transaction may not write (page reads) */
  readOnly?: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkedId(id: string): string {
  if (!UUID.test(id)) throw new Error(`withTenant: not a uuid: ${JSON.stringify(id)}`);
  return id.toLowerCase();
}

/**
 * The statements that put a transaction under the tenant role and scope: plain `SET LOCAL`
 * in one round trip. The values are inlined, so each is a fixed word or a checked uuid;
 * `SET` takes no snapshot, so a drizzle `transaction(fn, { isolationLevel })` still works.
 */
export function tenantSettingsSql(scope: CompanyScope, options: TenantOptions = {}): string {
  const companyIds = scope.kind === "all" ? "" : scope.companyIds.map(checkedId).join(",");
  const userId = options.userId ? checkedId(options.userId) : "";
  return [
    ...(options.readOnly ? ["SET LOCAL transaction_read_only = on"] : []),
    `SET LOCAL ROLE ${TENANT_ROLE}`,
    `SET LOCAL app.scope = '${scope.kind === "all" ? "all" : "companies"}'`,
    `SET LOCAL app.company_ids = '${companyIds}'`,
    `SET LOCAL app.user_id = '${userId}'`,
  ].join("; ");
}

/** A drizzle transaction (savepoints nest in it), as opposed to the pooled database. */
function isTransaction(db: Queryable): db is Transaction {
  return is(db, PgTransaction);
}

type PreviousSettings = { role: string; scope: string | null; companyIds: string | null; userId: string | null };

/**
 * Runs `fn` in one transaction as `nexus_app`, reaching only `scope` (plus the user's own
 * rows with `options.userId`). Returns what `fn` returns; a throw rolls everything back.
 *
 * Called with a transaction already open, it opens a savepoint in it and scopes that:
 * `SET LOCAL` lasts until the end of the enclosing (top-level) transaction, even past a
 * released savepoint, so the role and settings the transaction had before are put back
 * once `fn` succeeds (a throw rolls back to the savepoint, which restores them too).
 * Statements of the enclosing transaction outside `fn` are not scoped by this call.
 */
export async function withTenant<T>(
  db: Queryable,
  scope: CompanyScope,
  fn: (tx: Transaction) => Promise<T>,
  options: TenantOptions = {},
): Promise<T> {
  const settings = sql.raw(tenantSettingsSql(scope, options));
  if (!isTransaction(db)) {
    return db.transaction(async (tx) => {
      await tx.execute(settings);
      return fn(tx);
    });
  }
  return db.transaction(async (tx) => {
    const [previous] = await tx.execute<PreviousSettings>(sql`
      SELECT current_setting('role') AS "role",
             current_setting('app.scope', true) AS "scope",
             current_setting('app.company_ids', true) AS "companyIds",
             current_setting('app.user_id', true) AS "userId"
    `);
    if (!previous) throw new Error("withTenant: could not read the transaction's settings");
    await tx.execute(settings);
    const result = await fn(tx);
    // set_config checks a role change against the session user, so going back from
    // nexus_app to the owner (or 'none') is allowed.
    await tx.execute(sql`
      SELECT set_config('role', ${previous.role}, true),
             set_config('app.scope', ${previous.scope ?? ""}, true),
             set_config('app.company_ids', ${previous.companyIds ?? ""}, true),
             set_config('app.user_id', ${previous.userId ?? ""}, true)
    `);
    return result;
  });
}

/**
 * A database handle whose every statement runs under `withTenant` settings: a statement
 * on its own is wrapped in a transaction of its own (BEGIN; SET LOCAL …; statement;
 * COMMIT), and `transaction()` opens a scoped transaction in which nested transactions
 * are savepoints that stay scoped. Commands keep their shape: reads before their
 * transaction, the write and its audit entry in one transaction, and pushes and mails
 * after that transaction has really committed (which one outer transaction around the
 * whole command would not give).
 *
 * It wraps the postgres-js client that drizzle's postgres-js driver calls: `unsafe` for a
 * statement, `begin` for a transaction (a transaction's own client, with `savepoint`, is
 * the real one, already scoped). Any other client method would bypass the scope, so
 * calling one throws.
 */
export function tenantDatabase(db: Database, scope: CompanyScope, options: TenantOptions = {}): Database {
  const settings = tenantSettingsSql(scope, options);
  const client = db.$client;
  type TransactionSql = postgres.TransactionSql<Record<string, unknown>>;

  const begin = (...args: unknown[]) => {
    const body = args.at(-1) as (tx: TransactionSql) => unknown;
    const scoped = async (tx: TransactionSql) => {
      await tx.unsafe(settings);
      return body(tx);
    };
    return typeof args[0] === "string" && args.length > 1 ? client.begin(args[0], scoped) : client.begin(scoped);
  };

  const unsafe = (query: string, parameters?: postgres.ParameterOrJSON<never>[], queryOptions?: postgres.UnsafeQueryOptions) => {
    // Lazy, like a postgres-js query: nothing runs until it is awaited (or .values() is).
    // BEGIN, the settings, the statement and COMMIT go out together on one connection
    // (postgres-js pipelines them): one round trip instead of four. A statement that fails
    // aborts the transaction, and its COMMIT then rolls back.
    const run = async (values: boolean) => {
      const connection = await client.reserve();
      try {
        const statement = connection.unsafe(query, parameters, queryOptions);
        const [opened, scoped, result, committed] = await Promise.allSettled([
          connection.unsafe("BEGIN").execute(),
          connection.unsafe(settings).execute(),
          (values ? statement.values() : statement).execute(),
          connection.unsafe("COMMIT").execute(),
        ]);
        for (const step of [opened, scoped, result, committed]) if (step?.status === "rejected") throw step.reason;
        return result?.status === "fulfilled" ? result.value : undefined;
      } finally {
        connection.release();
      }
    };
    let rows: Promise<unknown> | undefined;
    return {
      values: () => run(true),
      then: <A, B>(onFulfilled?: (value: unknown) => A | PromiseLike<A>, onRejected?: (reason: unknown) => B | PromiseLike<B>) =>
        (rows ??= run(false)).then(onFulfilled, onRejected),
    };
  };

  const scopedClient = new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") return unsafe;
      if (property === "begin") return begin;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value === "function" && typeof property === "string") {
        return () => {
          throw new Error(`tenantDatabase: the client's ${property}() would bypass the tenant scope`);
        };
      }
      return value;
    },
    apply() {
      throw new Error("tenantDatabase: tagged-template queries would bypass the tenant scope");
    },
  });
  // Same schema and casing as createDb (db/client.ts), so query results have the same shape.
  return drizzle(scopedClient, { schema, casing: "snake_case" });
}
