import { and, eq, isNull } from "drizzle-orm";
import type { ActionContext } from "@/lib/action";
import type { Viewer } from "@/lib/authz";
import type { Database } from "@/db/client";
import { companies, users } from "@/db/schema";

/** The viewer a seeded (or test-made) user would be on a request, as lib/session.ts builds it. */
export async function viewerFor(db: Database, email: string): Promise<Viewer> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) throw new Error(`no user ${email}`);
  const companyIds =
    user.role === "se"
      ? (
          await db
            .select({ id: companies.id })
            .from(companies)
            .where(and(eq(companies.assignedSeId, user.id), isNull(companies.archivedAt)))
        ).map((row) => row.id)
      : user.companyId
        ? [user.companyId]
        : [];
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    companyId: user.companyId,
    companyIds,
    sessionId: "test-session",
  };
}

/** What a command sees for a request by this viewer. */
export function contextFor(db: Database, viewer: Viewer | null): ActionContext {
  return { db, viewer, meta: { ip: "127.0.0.1", userAgent: "vitest" } };
}
