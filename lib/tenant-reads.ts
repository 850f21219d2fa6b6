import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { tenantDatabase } from "@/db/tenant";
import type { Viewer } from "./authz";
import { homeFor } from "./routes";

/**
 * The client area's reads: every statement runs in a read-only transaction of its own as
 * the `nexus_app` role, scoped to the viewer's company and own user (db/tenant.ts), so a
 * page query that forgot its company filter still sees only this company's rows, and no
 * page render can write. Writes during a render (the overdue-invoice check) keep using
 * getDb(). One transaction for the whole render would hold a connection while the page
 * streams, and PGlite, a single backend, would then serve no other connection meanwhile.
 */
export const clientAreaReads = cache((viewer: Viewer): Database => {
  // Staff never render the client area (middleware and the layout send them home too).
  if (viewer.role !== "client") redirect(homeFor(viewer.role));
  return tenantDatabase(getDb(), { kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id, readOnly: true });
});
