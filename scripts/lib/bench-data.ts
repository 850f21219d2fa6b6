// The benchmark's data set: the demo seed plus generated companies and workflows up to
// 200 companies, and runs up to the size asked for (100 k, 1 M, 10 M), written by one
// set-based INSERT … SELECT generate_series (STACK.md "Bulk data"): a million rows built in
// JavaScript would take minutes, in SQL seconds. History grows with the size at about
// 11,000 runs a day (90 days at 1 M, 2.5 years at 10 M), as an agency's would: the recent
// months look the same at every size, the older ones are what 10 M adds.
import { inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { companies, companyPlans, workflowExecutions, workflows } from "../../db/schema";
import { demoCompanies, demoPlans } from "../../db/seed-data";
import { SEED_DAYS, stableId } from "../../db/seed";

const RUNS_PER_DAY = 11_111;

/** Days of history for a data set of `runs` runs: at least the seed's 90. */
export const historyDays = (runs: number) => Math.max(SEED_DAYS, Math.ceil(runs / RUNS_PER_DAY));

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
 * `size.runs`. Call after `seed()`; rebuild the rollups afterwards. Called again with a
 * larger size (`--runs=1000000,10000000`), it adds the older history the larger size has
 * (days `historyDays(before)` to `historyDays(size.runs)` back), so the recent months stay
 * as they were measured.
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
      // busy and quiet companies: a few carry most of the volume (a Zipf-like tail)
      weight: (1 + ((companyIndex * 7 + w * 13) % 10)) * (1 + Math.floor(30 / (1 + (companyIndex % 30)))),
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
  const [existing] = await db
    .select({ runs: sql<number>`count(*)::int` })
    .from(workflowExecutions)
    .where(inArray(workflowExecutions.companyId, companyRows.map((row) => row.id)));
  // a first generation fills the whole history; a growth adds the days before it
  const fromDay = (existing?.runs ?? 0) > 0 ? historyDays(seededRuns) : 0;
  const toDay = historyDays(size.runs);
  if (generatedRuns > 0) await insertRuns(db, specs, now, fromDay, Math.max(toDay, fromDay + 1));
  await refreshLastRuns(db, companyRows.map((row) => row.id));
  return { companyIds: companyRows.map((row) => row.id), workflowCount: workflowRows.length, seededRuns, generatedRuns };
}

/**
 * One statement for all generated runs. Each run starts on one of the UTC days `fromDay` to
 * `toDay` back, 80 % of them in business hours (07:00–19:00), a fifth of them in the day's
 * burst (a quarter of an hour at a time fixed per workflow and day); a run that would not
 * have finished by `now` moves a week back. Statuses follow each workflow's failure rate,
 * except on its bad days (3 % of workflow-days, as when a credential expires) when half
 * fail; plus 0.4 % cancellations. random() is enough here: the benchmark needs volume and
 * shape, not reproducibility.
 */
async function insertRuns(db: Queryable, specs: string, now: Date, fromDay: number, toDay: number): Promise<void> {
  const nowIso = now.toISOString();
  await db.execute(sql`
    WITH spec AS (
      SELECT * FROM jsonb_to_recordset(${specs}::jsonb)
        AS s(workflow_id uuid, company_id uuid, runs int, failure_rate float8, minutes int)
    ),
    days AS (
      SELECT s.workflow_id, s.company_id, s.minutes, s.failure_rate, n.n,
        ${fromDay}::int + floor(random() * ${toDay - fromDay}::int)::int AS day_back
      FROM spec s
      CROSS JOIN LATERAL generate_series(1, s.runs) AS n(n)
    ),
    drawn AS (
      SELECT d.workflow_id, d.company_id, d.minutes, d.n, d.day_back,
        CASE WHEN abs(hashtext(d.workflow_id::text || d.day_back)) % 100 < 3 THEN 0.5 ELSE d.failure_rate END AS failure_rate,
        date_trunc('day', ${nowIso}::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          - d.day_back * interval '1 day'
          + CASE
              WHEN random() < 0.2
                THEN (abs(hashtext(d.day_back || d.workflow_id::text)) % 92) * interval '15 minutes' + random() * interval '15 minutes'
              WHEN random() < 0.8
                THEN interval '7 hours' + random() * interval '12 hours'
              ELSE random() * interval '24 hours' END AS planned_start,
        (2000 + power(random(), 2) * 298000)::int AS duration_ms,
        random() AS outcome,
        floor(random() * 5)::int AS error_index
      FROM days d
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
      t.company_id, t.workflow_id, 'bench-' || ${fromDay}::int || '-' || t.n, t.status::execution_status,
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
