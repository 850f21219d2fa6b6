import "server-only";
import type { Queryable } from "@/db/client";
import { getAdminKpis, getTopFailingWorkflows, type AdminKpis, type FailingWorkflow } from "@/db/queries/admin-dashboard";
import { getRunsOverview, type RunsOverview } from "@/db/queries/dashboard";
import type { CompanyScope } from "./authz";
import { sharedResult } from "./shared-result";

/** How old the admin dashboard's platform-wide figures may be. */
export const ADMIN_FIGURES_TTL_MS = 2_000;

export type AdminFigures = { kpis: AdminKpis; overview: RunsOverview; failing: FailingWorkflow[] };

const shared = sharedResult<AdminFigures>(ADMIN_FIGURES_TTL_MS);

/**
 * The admin dashboard's KPIs, 30-day trend and top failing workflows. Across every company
 * they add up some 27,000 daily rollup rows (1 M runs, 200 companies): about 150 ms of
 * database time, so the staff looking at the same scope share one reading for
 * ADMIN_FIGURES_TTL_MS (benchmarked in BENCHMARKS.md).
 */
export function getAdminFigures(db: Queryable, scope: CompanyScope, now = new Date()): Promise<AdminFigures> {
  const key = scope.kind === "all" ? "all" : [...scope.companyIds].sort().join(",");
  return shared(key, async () => {
    const [kpis, overview, failing] = await Promise.all([
      getAdminKpis(db, { scope, now }),
      getRunsOverview(db, { scope, days: 30, now }),
      getTopFailingWorkflows(db, { scope, now }),
    ]);
    return { kpis, overview, failing };
  });
}
