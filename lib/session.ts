import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "@/db";
import { listAssignedCompanyIds } from "@/db/queries/companies";
import { findSessionUser } from "@/db/queries/sessions";
import type { Viewer } from "./authz";
import { env } from "./env";
import { readSessionClaims } from "./session-token";

/**
 * The signed-in user of this request, or null. The cookie names the sessions row; the row
 * must still be live and its user active, and role and company are read fresh, so an
 * ended session or a changed role applies on the next request (as lib/auth.ts's jwt
 * callback does for Auth.js's own routes). Cached per request: a page and its components
 * ask once.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const claims = await readSessionClaims(await cookies(), env().AUTH_SECRET);
  if (!claims?.sid) return null;
  const sessionId = claims.sid;
  const user = await findSessionUser(getDb(), sessionId);
  if (!user) return null;
  const companyIds =
    user.role === "se"
      ? await listAssignedCompanyIds(getDb(), user.id)
      : user.role === "client" && user.companyId
        ? [user.companyId]
        : [];
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
    companyIds,
    sessionId,
  };
});
