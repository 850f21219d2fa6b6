import "server-only";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { cache } from "react";
import { drizzle } from "drizzle-orm/postgres-js";
import { createDb, type Database } from "@/db/client";
import * as schema from "@/db/schema";
import { tenantSettingsSql } from "@/db/tenant";
import type { Viewer } from "./authz";
import { env } from "./env";
import { homeFor } from "./routes";

// Its own pool: a request holds one of these connections while it renders, and must never
// wait for one while holding another (the shared pool's session and layout queries).
const globalForReads = globalThis as unknown as { nexusTenantReads?: ReturnType<typeof createDb> };
const pool = () => (globalForReads.nexusTenantReads ??= createDb(env().DATABASE_URL, { max: 10 })).client;

/**
 * The client area's reads for this request: one connection in a READ ONLY transaction as
 * the `nexus_app` role, scoped to the viewer's company and own user (db/tenant.ts), so a
 * page query that forgot its company filter still sees only this company's rows, and no
 * page render can write. The transaction ends after the response has been sent (`after`).
 * Cached per request: the page and its components share it. Writes during a render
 * (e.g. the overdue-invoice check) keep using getDb().
 */
export const clientAreaReads = cache(async (viewer: Viewer): Promise<Database> => {
  // Staff never render the client area (middleware and the layout send them home too).
  if (viewer.role !== "client") redirect(homeFor(viewer.role));
  const connection = await pool().reserve();
  try {
    // One round trip: the transaction, its role and its scope.
    await connection.unsafe(`BEGIN READ ONLY; ${tenantSettingsSql({ kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id })}`);
  } catch (error) {
    connection.release();
    throw error;
  }
  after(async () => {
    try {
      await connection.unsafe("COMMIT");
    } finally {
      connection.release();
    }
  });
  return drizzle(connection, { schema, casing: "snake_case" });
});
