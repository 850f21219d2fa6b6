import { sql } from "drizzle-orm";
import { addMonths, monthOf } from "@/lib/billing";
import { hashPassword } from "@/lib/password";
import type { Queryable } from "./client";
import { rebuildRollups } from "./queries/rollups";
import { seedBilling } from "./seed-billing";
import { companies, companyPlans, platformSettings, plans, users, workflows } from "./schema";
import { DEMO_PASSWORD, demoCompanies, demoPlans, demoStaff, stableId } from "./seed-data";
import { seedCredentials } from "./seed-credentials";

export const SEED_DAYS = 90;

// stableId lives in seed-data.ts (pure, imported by every seed module); re-exported here
// for the tests and scripts that know it from this module.
export { stableId };

export async function isSeeded(db: Queryable): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}

/**
 * Writes the demo data. Idempotent: every row has a derived id and is inserted with
 * ON CONFLICT DO NOTHING, so a second run changes nothing and never touches data the
 * demo users created. Runs cover the 90 days up to `now`.
 */
export async function seed(db: Queryable, options: { now?: Date; credentialKeys?: string } = {}): Promise<void> {
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction(async (tx) => {
    await tx.insert(platformSettings).values({ id: true }).onConflictDoNothing();

    await tx
      .insert(plans)
      .values(demoPlans.map(({ key, ...plan }) => ({ id: stableId(`plan:${key}`), ...plan })))
      .onConflictDoNothing();

    await tx
      .insert(users)
      .values(
        demoStaff.map((staff) => ({
          id: stableId(`user:${staff.key}`),
          name: staff.name,
          email: staff.email,
          role: staff.role,
          passwordHash,
        })),
      )
      .onConflictDoNothing();

    await tx
      .insert(companies)
      .values(
        demoCompanies.map((company) => ({
          id: stableId(`company:${company.key}`),
          name: company.name,
          industry: company.industry,
          hourlyRateCents: company.hourlyRateCents,
          status: company.status,
          assignedSeId: stableId(`user:${company.se}`),
        })),
      )
      .onConflictDoNothing();
    // one plan each, from the first month of the seeded history (it covers earlier ones too)
    await tx
      .insert(companyPlans)
      .values(
        demoCompanies.map((company) => ({
          companyId: stableId(`company:${company.key}`),
          fromMonth: addMonths(monthOf(now), -12),
          planId: stableId(`plan:${company.plan}`),
        })),
      )
      .onConflictDoNothing();

    await tx
      .insert(users)
      .values(
        demoCompanies.flatMap((company) =>
          company.users.map((user) => ({
            id: stableId(`user:${user.email}`),
            name: user.name,
            email: user.email,
            role: "client" as const,
            companyId: stableId(`company:${company.key}`),
            passwordHash,
          })),
        ),
      )
      .onConflictDoNothing();

    const workflowRows = demoCompanies.flatMap((company) =>
      company.workflows.map((workflow) => ({
        id: stableId(`workflow:${company.key}:${workflow.name}`),
        companyId: stableId(`company:${company.key}`),
        name: workflow.name,
        description: workflow.description,
        platform: workflow.platform,
        trigger: workflow.trigger,
        minutesSavedPerRun: workflow.minutesSavedPerRun,
        status: workflow.status ?? ("active" as const),
        // seed-only knobs, used by the run generator below
        volume: workflow.volume,
        failureRate: workflow.failureRate,
      })),
    );
    await tx
      .insert(workflows)
      .values(workflowRows.map(({ volume: _volume, failureRate: _failureRate, ...row }) => row))
      .onConflictDoNothing();

    await insertRuns(tx, workflowRows, now);
    await rebuildRollups(tx, { from: daysBefore(now, SEED_DAYS), now });
    await refreshLastRuns(tx);
  });
  await seedCredentials(db, { now, credentialKeys: options.credentialKeys });
  await seedBilling(db, { now });
}

function daysBefore(now: Date, days: number): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
  return day.toISOString().slice(0, 10);
}

/** A deterministic number in [0, 1) from a text key, computed in SQL. */
function unit(key: ReturnType<typeof sql>) {
  return sql`((('x' || substr(md5(${key}), 1, 8))::bit(32)::int::bigint + 2147483648)::float8 / 4294967296)`;
}

/**
 * Set-based generation of 90 days of runs: weekday rhythm (weekends about a third),
 * business-hours peaks, per-workflow failure rates, a few cancellations. Each run's id
 * and every random choice derive from (workflow, day, n), so reruns produce the same rows.
 */
async function insertRuns(
  tx: Queryable,
  rows: { id: string; companyId: string; volume: number; failureRate: number; minutesSavedPerRun: number }[],
  now: Date,
) {
  const specs = JSON.stringify(
    rows.map((row) => ({
      workflow_id: row.id,
      company_id: row.companyId,
      volume: row.volume,
      failure_rate: row.failureRate,
      minutes: row.minutesSavedPerRun,
    })),
  );
  const dayKey = sql`w.workflow_id::text || d.day::text`;
  const runKey = sql`w.workflow_id::text || w.day::text || '/' || n.n::text`;
  await tx.execute(sql`
    WITH spec AS (
      SELECT * FROM jsonb_to_recordset(${specs}::jsonb)
        AS s(workflow_id uuid, company_id uuid, volume int, failure_rate float8, minutes int)
    ),
    days AS (
      SELECT (${daysBefore(now, SEED_DAYS - 1)}::date + g)::date AS day
      FROM generate_series(0, ${SEED_DAYS - 1}) AS g
    ),
    plan AS (
      SELECT w.*, d.day,
        greatest(0, round(
          w.volume
          * CASE WHEN extract(isodow FROM d.day) >= 6 THEN 0.35 ELSE 1 END
          * (0.7 + 0.6 * ${unit(dayKey)})
        ))::int AS runs
      FROM spec w CROSS JOIN days d
    ),
    generated AS (
      SELECT
        md5(${runKey})::uuid AS id,
        w.company_id, w.workflow_id, w.minutes, w.failure_rate,
        'seed-' || substr(md5(${runKey}), 1, 16) AS external_id,
        -- business hours (7:00-19:00) for most runs, the rest spread over the day
        w.day::timestamp AT TIME ZONE 'UTC'
          + CASE WHEN ${unit(sql`${runKey} || 'night'`)} < 0.8
              THEN interval '7 hours' + ${unit(sql`${runKey} || 'time'`)} * interval '12 hours'
              ELSE ${unit(sql`${runKey} || 'time'`)} * interval '24 hours' END AS started_at,
        (2000 + power(${unit(sql`${runKey} || 'duration'`)}, 2) * 298000)::int AS duration_ms,
        ${unit(sql`${runKey} || 'status'`)} AS outcome
      FROM plan w
      CROSS JOIN LATERAL generate_series(1, w.runs) AS n(n)
    )
    INSERT INTO workflow_executions
      (id, company_id, workflow_id, external_id, status, started_at, finished_at, duration_ms, minutes_saved, error_message)
    SELECT
      g.id, g.company_id, g.workflow_id, g.external_id,
      s.status::execution_status,
      g.started_at,
      g.started_at + g.duration_ms * interval '1 millisecond',
      g.duration_ms,
      CASE WHEN s.status = 'cancelled' THEN NULL ELSE g.minutes END,
      CASE WHEN s.status = 'failed' THEN
        (ARRAY['Upstream API returned 502 Bad Gateway', 'Timed out after 300 s waiting for a response',
               'Rate limit exceeded (429), retries exhausted', 'Invalid credentials for the connected account',
               'Required field "email" was empty'])[1 + floor(${unit(sql`g.external_id || 'error'`)} * 5)::int]
      END
    FROM generated g
    CROSS JOIN LATERAL (
      SELECT CASE
        WHEN g.outcome < g.failure_rate THEN 'failed'
        WHEN g.outcome < g.failure_rate + 0.004 THEN 'cancelled'
        ELSE 'succeeded' END AS status
    ) s
    WHERE g.started_at + g.duration_ms * interval '1 millisecond' <= ${now.toISOString()}::timestamptz
    ON CONFLICT DO NOTHING
  `);
}

async function refreshLastRuns(tx: Queryable) {
  await tx.execute(sql`
    UPDATE workflows w
    SET last_run_at = r.started_at, last_run_status = r.status
    FROM (
      SELECT DISTINCT ON (workflow_id) workflow_id, started_at, status
      FROM workflow_executions
      ORDER BY workflow_id, started_at DESC, id DESC
    ) r
    WHERE r.workflow_id = w.id AND w.last_run_at IS DISTINCT FROM r.started_at
  `);
}
