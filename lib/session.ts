import "server-only";
import { cache } from "react";
import { getDb } from "@/db";
import { listAssignedCompanyIds } from "@/db/queries/companies";
import { auth } from "./auth";
import type { Viewer } from "./authz";

/**
 * The signed-in user of this request, checked against the database (lib/auth.ts jwt
 * callback), or null. Cached per request so a page and its components ask once.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
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
    mustChangePassword: user.mustChangePassword,
    sessionId: user.sessionId,
  };
});
