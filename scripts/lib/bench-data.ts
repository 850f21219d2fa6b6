// The benchmark's data set: the demo seed plus generated companies and workflows up to
// 200 companies, and runs up to a total of 1,000,000 over 90 days. Runs are written by one
// set-based INSERT … SELECT generate_series (STACK.md "Bulk data"): a million rows built in
// JavaScript would take minutes, in SQL seconds.
import { inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { companies, companyPlans, workflowExecutions, workflows } from "../../db/schema";
import { demoCompanies, demoPlans } from "../../db/seed-data";
import { SEED_DAYS, stableId } from "../../db/seed";

export type BenchDataSize = { companies: number; runs: number };

export type GeneratedData = {
  companyIds: string[];
  workflowCount: number;
  seededRuns: number;
  generatedRuns: number;
};

const INDUSTRIES = ["Logistics", "Healthcare", "Real estate", "Retail", "Accounting", "Media", "Manufacturing", "Legal", "Hospitality", "Education"];
const NAME_WORDS = ["Alder", "Beacon", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Northwind", "Orchid", "Pioneer", "Quarry", "Ridge", "Summit", "Tidal"];
const NAME_KINDS = ["Logistics", "Clinics", "Realty", "Supply", "Partners", "Studios", "Foods", "Labs", "Group", "Works"];
const WORKFLOW_NAMES = ["Lead intake", "Invoice matching", "Order sync", "Ticket triage", "Weekly report", "Contract filing", "Payroll export", "Inventory check"];
const PLATFORMS = ["n8n", "make", "zapier", "custom"] as const;
const TRIGGERS = ["schedule", "webhook", "event", "manual"] as const;

/** Which of `count` items gets `index`: cycles, so every choice is deterministic. */
const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

/** The company generated as number `index` (1-based): the bench's stable id for it. */
export const benchCompanyId = (index: number) => stableId(`bench-company:${index}`);

/**
 * Adds companies (assigned to the two seeded SEs or none, on the seeded plans) with 3–6
 * workflows each until there are `size.companies`, then runs until the table holds
 * `size.runs`. Call after `seed()`; rebuild the rollups afterwards.
 */
export async function generateBenchData(db: Queryable, size: BenchDataSize, now: Date): Promise<GeneratedData> {
  const planIds = demoPlans.map((plan) => stableId(`plan:${plan.key}`));
  const seIds: (string | null)[] = [stableId("user:se-sam"), stableId("user:se-priya"), null];
  const toGenerate = size.companies - demoCompanies.length;

  const companyRows = Array.from({ length: toGenerate }, (_, offset) => {
    const index = offset + 1;
    return {
      id: benchCompanyId(index),
      name: `${pick(NAME_WORDS, index * 7)} ${pick(NAME_KINDS, index * 3)} ${index}`,
      industry: pick(INDUSTRIES, index),
      hourlyRateCents: index % 5 === 0 ? null : 3_500 + (index % 9) * 500,
      status: index % 17 === 0 ? ("onboarding" as const) : ("active" as const),
      assignedSeId: pick(seIds, index),
    };
  });
  const planRows = companyRows.map((company, offset) => ({
    companyId: company.id,
    fromMonth: "2020-01-01",
    planId: pick(planIds, offset + 1),
  }));
  const workflowRows = companyRows.flatMap((company, companyIndex) =>
    Array.from({ length: 3 + (companyIndex % 4) }, (_, w) => ({
      id: stableId(`bench-workflow:${company.id}:${w}`),
      companyId: company.id,
      name: `${pick(WORKFLOW_NAMES, companyIndex + w)} ${w + 1}`,
      description: "Generated for the benchmark.",
      platform: pick(PLATFORMS, companyIndex + w),
      trigger: pick(TRIGGERS, companyIndex * 3 + w),
      minutesSavedPerRun: 2 + ((companyIndex * 5 + w * 7) % 29),
      // seed-only knobs for the run generator
      weight: 1 + ((companyIndex * 7 + w * 13) % 10),
      failureRate: 0.01 + ((companyIndex + w * 3) % 8) / 100,
    })),
  );

  await db.insert(companies).values(companyRows).onConflictDoNothing();
  await db.insert(companyPlans).values(planRows).onConflictDoNothing();
  await db
    .insert(workflows)
    .values(workflowRows.map(({ weight: _weight, failureRate: _failureRate, ...row }) => row))
    .onConflictDoNothing();

  const [counted] = await db.select({ runs: sql<number>`count(*)::int` }).from(workflowExecutions);
  const seededRuns = counted?.runs ?? 0;
  const generatedRuns = Math.max(0, size.runs - seededRuns);

  // Runs per workflow by weight, summing exactly to generatedRuns.
  const totalWeight = workflowRows.reduce((sum, row) => sum + row.weight, 0);
  const counts = workflowRows.map((row) => Math.floor((generatedRuns * row.weight) / totalWeight));
  let remainder = generatedRuns - counts.reduce((sum, count) => sum + count, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % counts.length, remainder--) counts[i] = (counts[i] ?? 0) + 1;

  const specs = JSON.stringify(
    workflowRows.map((row, i) => ({
      workflow_id: row.id,
      company_id: row.companyId,
      runs: counts[i] ?? 0,
      failure_rate: row.failureRate,
      minutes: row.minutesSavedPerRun,
    })),
  );
  await insertRuns(db, specs, now);
  await refreshLastRuns(db, companyRows.map((row) => row.id));
  return { companyIds: companyRows.map((row) => row.id), workflowCount: workflowRows.length, seededRuns, generatedRuns };
}

/**
 * One statement for all generated runs. Each run starts on one of the last 90 UTC days,
 * 80 % of them in business hours (07:00–19:00); a run that would not have finished by
 * `now` moves a week back. Statuses follow each workflow's failure rate, plus 0.4 %
 * cancellations; random() is enough here, the benchmark needs volume, not reproducibility.
 */
async function insertRuns(db: Queryable, specs: string, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  await db.execute(sql`
    WITH spec AS (
      SELECT * FROM jsonb_to_recordset(${specs}::jsonb)
        AS s(workflow_id uuid, company_id uuid, runs int, failure_rate float8, minutes int)
    ),
    drawn AS (
      SELECT s.workflow_id, s.company_id, s.minutes, s.failure_rate, n.n,
        date_trunc('day', ${nowIso}::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          - floor(random() * ${SEED_DAYS})::int * interval '1 day'
          + CASE WHEN random() < 0.8
              THEN interval '7 hours' + random() * interval '12 hours'
              ELSE random() * interval '24 hours' END AS planned_start,
        (2000 + power(random(), 2) * 298000)::int AS duration_ms,
        random() AS outcome,
        floor(random() * 5)::int AS error_index
      FROM spec s
      CROSS JOIN LATERAL generate_series(1, s.runs) AS n(n)
    ),
    timed AS (
      SELECT d.*,
        CASE WHEN d.planned_start + d.duration_ms * interval '1 millisecond' > ${nowIso}::timestamptz
          THEN d.planned_start - interval '7 days' ELSE d.planned_start END AS started_at,
        CASE
          WHEN d.outcome < d.failure_rate THEN 'failed'
          WHEN d.outcome < d.failure_rate + 0.004 THEN 'cancelled'
          ELSE 'succeeded' END AS status
      FROM drawn d
    )
    INSERT INTO workflow_executions
      (company_id, workflow_id, external_id, status, started_at, finished_at, duration_ms, minutes_saved, error_message)
    SELECT
      t.company_id, t.workflow_id, 'bench-' || t.n, t.status::execution_status,
      t.started_at, t.started_at + t.duration_ms * interval '1 millisecond', t.duration_ms,
      CASE WHEN t.status = 'cancelled' THEN NULL ELSE t.minutes END,
      CASE WHEN t.status = 'failed' THEN
        (ARRAY['Upstream API returned 502 Bad Gateway', 'Timed out after 300 s waiting for a response',
               'Rate limit exceeded (429), retries exhausted', 'Invalid credentials for the connected account',
               'Required field "email" was empty'])[1 + t.error_index]
      END
    FROM timed t
  `);
}

/** Each generated workflow's last run, as live ingestion would have left it. */
async function refreshLastRuns(db: Queryable, companyIds: string[]): Promise<void> {
  if (companyIds.length === 0) return;
  await db
    .update(workflows)
    .set({
      lastRunAt: sql`(SELECT e.started_at FROM workflow_executions e WHERE e.workflow_id = ${workflows.id}
                      ORDER BY e.started_at DESC, e.id DESC LIMIT 1)`,
      lastRunStatus: sql`(SELECT e.status FROM workflow_executions e WHERE e.workflow_id = ${workflows.id}
                          ORDER BY e.started_at DESC, e.id DESC LIMIT 1)`,
    })
    .where(inArray(workflows.companyId, companyIds));
}
