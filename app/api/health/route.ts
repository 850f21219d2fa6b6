import { getDb } from "@/db";
import { checkDatabaseHealth } from "@/db/queries/health";

// Public by design: load balancers call it without a session. It reveals only counts.
export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const database = await checkDatabaseHealth(getDb());
    return Response.json(
      { status: database.ok ? "ok" : "migrations-pending", database },
      { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ status: "database-unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
