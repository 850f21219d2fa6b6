import { getDb } from "@/db";
import { isCronAuthorized } from "@/lib/authz";
import { currentRequestId, logger } from "@/lib/logger";
import { runDueTasks } from "@/lib/scheduled-tasks";
import { syncConnection } from "@/lib/sync";

// For hosts without long-running processes (Vercel): a cron calls this every minute with
// `Authorization: Bearer $CRON_SECRET` and it runs what is due, like the job worker does
// (README "Scheduled jobs"). Slots and connection leases keep it from doing anything twice,
// also beside running workers.
export const dynamic = "force-dynamic";
// syncs run inline here: stop handing out new ones well before the platform's time limit
export const maxDuration = 60;
const BUDGET_MS = 40_000;

async function tick(request: Request): Promise<Response> {
  if (!isCronAuthorized(request.headers.get("authorization"))) {
    return Response.json({ error: "Send `Authorization: Bearer <CRON_SECRET>`." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  }
  const started = Date.now();
  const db = getDb();
  const outcomes: Record<string, number> = {};
  const report = await runDueTasks(db, {
    now: new Date(),
    sync: async (connectionId) => {
      if (Date.now() - started > BUDGET_MS) return; // the next call picks it up
      const outcome = await syncConnection(db, connectionId);
      outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
    },
  });
  const requestId = await currentRequestId(request);
  logger.child({ requestId, source: "cron" }).info({ ...report, outcomes }, "cron tick");
  return Response.json({ ran: report.ran, skipped: report.skipped, syncs: outcomes }, { headers: { "Cache-Control": "no-store" } });
}

// Vercel Cron sends GET; other schedulers may POST.
export const GET = tick;
export const POST = tick;
