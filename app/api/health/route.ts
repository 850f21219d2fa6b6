import { getDb } from "@/db";
import { checkHealth, type HealthCheck } from "@/db/queries/health";
import { currentRequestId, logger } from "@/lib/logger";

// Public by design: load balancers call it without a session. The answer says only
// whether this instance can serve (db/queries/health.ts); the reason goes to the log.
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  // Outside middleware's matcher: a load balancer's x-request-id, or a fresh one.
  const requestId = await currentRequestId(request);
  let check: HealthCheck;
  try {
    check = await checkHealth(getDb());
  } catch (error) {
    // getDb() throws when the environment is incomplete (lib/env.ts names what is missing).
    check = { httpStatus: 503, report: { status: "error", database: "unreachable", migrations: "unknown" }, failure: error };
  }
  if (check.httpStatus !== 200) {
    logger.child({ requestId, source: "health" }).warn({ err: check.failure, report: check.report }, "health check failed");
  }
  return Response.json(check.report, {
    status: check.httpStatus,
    headers: { "Cache-Control": "no-store", ...(requestId ? { "x-request-id": requestId } : {}) },
  });
}
