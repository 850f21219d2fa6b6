import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "../client";
import { companies, ingestionBuckets, ingestionKeys, ingestionLimits, ingestionTraffic, users, type IngestionLimitScope } from "../schema";

// The ingestion rate limiter's storage (lib/ingestion-limits.ts has the policy): token
// buckets per key and per company in PostgreSQL, so every app instance takes from the
// same ones, and each key's traffic a minute for the company page.

/** A company's limits; null fields mean the platform default. */
export type IngestionLimitSettings = {
  keyRatePerMinute: number | null;
  keyBurst: number | null;
  companyRatePerMinute: number | null;
  companyBurst: number | null;
};

export type EffectiveLimits = { keyRatePerMinute: number; keyBurst: number; companyRatePerMinute: number; companyBurst: number };

export type BucketState = {
  scope: IngestionLimitScope;
  /** after this request: what is left (taken from only when the request was admitted) */
  tokens: number;
  /** a key bucket's last notice about refusals (claimRefusalNotice) */
  refusalsNotifiedAt: Date | null;
  ratePerMinute: number;
  burst: number;
};

export type TakeResult =
  | { status: "unknown-key" }
  | { status: "no-buckets"; keyId: string; companyId: string; limits: EffectiveLimits }
  | {
      status: "taken";
      admitted: boolean;
      keyId: string;
      companyId: string;
      lastUsedAt: Date | null;
      buckets: BucketState[];
    };

type TakeRow = {
  key_id: string;
  company_id: string;
  last_used_at: Date | string | null;
  key_rate: number;
  key_burst: number;
  company_rate: number;
  company_burst: number;
  buckets: { scope: IngestionLimitScope; tokens: number; rate: number; burst: number; admitted: boolean; notified_at: string | null }[] | string | null;
};

/**
 * Finds the live key by its hash and takes `cost` tokens from its bucket and its company's,
 * both or neither, in ONE statement: the two bucket rows are locked (in a fixed order, so
 * two requests never deadlock), refilled from the time elapsed since they were last
 * brought up to date (the database's clock, so app instances' clocks do not matter),
 * taken from when both hold enough, and the minute's traffic counter is bumped. Two app
 * instances (or two hundred) serialize on the bucket rows and see each other's takes.
 *
 * A refused request takes nothing, so an engine that keeps retrying does not push its
 * own recovery further away. `no-buckets` is a key's (or company's) first request: make
 * them (ensureBuckets) and ask again.
 */
export async function takeIngestionTokens(
  db: Queryable,
  {
    keyHash,
    cost,
    defaults,
    earlierRefusals = { requests: 0, reports: 0 },
  }: {
    keyHash: string;
    cost: number;
    defaults: EffectiveLimits;
    /** refusals an instance answered from memory since its last statement, counted now */
    earlierRefusals?: { requests: number; reports: number };
  },
): Promise<TakeResult> {
  const rows = await db.execute<TakeRow>(sql`
    WITH presented AS (
      SELECT k.id AS key_id, k.company_id, k.last_used_at,
             coalesce(l.key_rate_per_minute, ${defaults.keyRatePerMinute}::int) AS key_rate,
             coalesce(l.key_burst, ${defaults.keyBurst}::int) AS key_burst,
             coalesce(l.company_rate_per_minute, ${defaults.companyRatePerMinute}::int) AS company_rate,
             coalesce(l.company_burst, ${defaults.companyBurst}::int) AS company_burst
      FROM ingestion_keys k LEFT JOIN ingestion_limits l ON l.company_id = k.company_id
      WHERE k.key_hash = ${keyHash} AND k.revoked_at IS NULL
      LIMIT 1
    ),
    policy AS (
      SELECT 'key'::ingestion_limit_scope AS scope, key_id AS subject_id, key_rate AS rate, key_burst AS burst FROM presented
      UNION ALL
      SELECT 'company'::ingestion_limit_scope, company_id, company_rate, company_burst FROM presented
    ),
    locked AS (
      SELECT b.scope, b.subject_id, b.tokens, b.updated_at, clock_timestamp() AS now
      FROM ingestion_buckets b
      WHERE (b.scope, b.subject_id) IN (SELECT scope, subject_id FROM policy)
      ORDER BY b.scope, b.subject_id
      FOR UPDATE
    ),
    level AS (
      SELECT p.scope, p.subject_id, p.rate, p.burst,
             least(p.burst::float8, l.tokens + p.rate::float8 / 60.0 * greatest(0, extract(epoch FROM l.now - l.updated_at)::float8)) AS tokens,
             greatest(l.updated_at, l.now) AS at
      FROM policy p JOIN locked l ON l.scope = p.scope AND l.subject_id = p.subject_id
    ),
    decision AS (
      SELECT count(*) = 2 AS complete, coalesce(count(*) = 2 AND bool_and(tokens >= ${cost}::int), false) AS admitted FROM level
    ),
    taken AS (
      UPDATE ingestion_buckets b
      SET tokens = level.tokens - CASE WHEN decision.admitted THEN ${cost}::int ELSE 0 END, updated_at = level.at
      FROM level, decision
      WHERE decision.complete AND b.scope = level.scope AND b.subject_id = level.subject_id
      RETURNING b.scope, b.tokens, level.rate, level.burst, decision.admitted, b.refusals_notified_at
    ),
    counted AS (
      INSERT INTO ingestion_traffic AS t (key_id, company_id, minute, admitted_requests, admitted_reports, refused_requests, refused_reports)
      SELECT presented.key_id, presented.company_id, date_trunc('minute', now()),
             CASE WHEN decision.admitted THEN 1 ELSE 0 END, CASE WHEN decision.admitted THEN ${cost}::int ELSE 0 END,
             CASE WHEN decision.admitted THEN 0 ELSE 1 END + ${earlierRefusals.requests}::int,
             CASE WHEN decision.admitted THEN 0 ELSE ${cost}::int END + ${earlierRefusals.reports}::int
      FROM presented, decision
      WHERE decision.complete
      ON CONFLICT (key_id, minute) DO UPDATE SET
        admitted_requests = t.admitted_requests + excluded.admitted_requests,
        admitted_reports = t.admitted_reports + excluded.admitted_reports,
        refused_requests = t.refused_requests + excluded.refused_requests,
        refused_reports = t.refused_reports + excluded.refused_reports
    )
    SELECT presented.*,
           (SELECT json_agg(json_build_object('scope', scope, 'tokens', tokens, 'rate', rate, 'burst', burst, 'admitted', admitted, 'notified_at', refusals_notified_at)) FROM taken) AS buckets
    FROM presented
  `);
  const [row] = rows;
  if (!row) return { status: "unknown-key" };
  const limits: EffectiveLimits = {
    keyRatePerMinute: Number(row.key_rate),
    keyBurst: Number(row.key_burst),
    companyRatePerMinute: Number(row.company_rate),
    companyBurst: Number(row.company_burst),
  };
  const buckets = typeof row.buckets === "string" ? (JSON.parse(row.buckets) as Exclude<TakeRow["buckets"], string>) : row.buckets;
  if (!buckets || buckets.length < 2) return { status: "no-buckets", keyId: row.key_id, companyId: row.company_id, limits };
  return {
    status: "taken",
    admitted: buckets.every((bucket) => bucket.admitted),
    keyId: row.key_id,
    companyId: row.company_id,
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    buckets: buckets.map((bucket) => ({
      scope: bucket.scope,
      tokens: Number(bucket.tokens),
      ratePerMinute: Number(bucket.rate),
      burst: Number(bucket.burst),
      refusalsNotifiedAt: bucket.notified_at ? new Date(bucket.notified_at) : null,
    })),
  };
}

/** Counts refusals an instance answered from memory (takeIngestionTokens counts the rest). */
export async function countRefusals(db: Queryable, { keyId, companyId, requests, reports }: { keyId: string; companyId: string; requests: number; reports: number }) {
  await db
    .insert(ingestionTraffic)
    .values({ keyId, companyId, minute: sql`date_trunc('minute', now())`, refusedRequests: requests, refusedReports: reports })
    .onConflictDoUpdate({
      target: [ingestionTraffic.keyId, ingestionTraffic.minute],
      set: {
        refusedRequests: sql`${ingestionTraffic.refusedRequests} + ${requests}::int`,
        refusedReports: sql`${ingestionTraffic.refusedReports} + ${reports}::int`,
      },
    });
}

/** A key's and its company's buckets, full, unless they exist already. */
export async function ensureBuckets(db: Queryable, { keyId, companyId, limits }: { keyId: string; companyId: string; limits: EffectiveLimits }) {
  await db
    .insert(ingestionBuckets)
    .values([
      { scope: "key", subjectId: keyId, companyId, tokens: limits.keyBurst, updatedAt: sql`clock_timestamp()` },
      { scope: "company", subjectId: companyId, companyId, tokens: limits.companyBurst, updatedAt: sql`clock_timestamp()` },
    ])
    .onConflictDoNothing();
}

/**
 * Claims the one notice about a key's refusals: when it was refused at least `threshold`
 * requests within the last `windowMinutes` and was not told about within `quietHours`.
 * One conditional write, so however many requests (on however many instances) cross the
 * threshold at once, one of them gets the figures back.
 */
export async function claimRefusalNotice(
  db: Queryable,
  { keyId, threshold, windowMinutes, quietHours }: { keyId: string; threshold: number; windowMinutes: number; quietHours: number },
) {
  const rows = await db.execute<{ refused_requests: number; refused_reports: number; admitted_reports: number; company_id: string; name: string; prefix: string; company_name: string }>(sql`
    WITH recent AS (
      SELECT coalesce(sum(refused_requests), 0)::int AS refused_requests,
             coalesce(sum(refused_reports), 0)::int AS refused_reports,
             coalesce(sum(admitted_reports), 0)::int AS admitted_reports
      FROM ingestion_traffic
      WHERE key_id = ${keyId} AND minute >= date_trunc('minute', now()) - make_interval(mins => ${windowMinutes}::int - 1)
    )
    UPDATE ingestion_buckets b SET refusals_notified_at = now()
    FROM recent, ingestion_keys k, companies c
    WHERE b.scope = 'key' AND b.subject_id = ${keyId} AND k.id = b.subject_id AND c.id = b.company_id
      AND recent.refused_requests >= ${threshold}::int
      AND (b.refusals_notified_at IS NULL OR b.refusals_notified_at < now() - make_interval(hours => ${quietHours}::int))
    RETURNING recent.refused_requests, recent.refused_reports, recent.admitted_reports, b.company_id, k.name, k.prefix, c.name AS company_name
  `);
  const [row] = rows;
  return row
    ? {
        refusedRequests: Number(row.refused_requests),
        refusedReports: Number(row.refused_reports),
        admittedReports: Number(row.admitted_reports),
        companyId: row.company_id,
        companyName: row.company_name,
        keyName: row.name,
        keyPrefix: row.prefix,
      }
    : null;
}

/** Who hears about a noisy key: the company's SE (active), else the active admins. */
export async function throttleRecipients(db: Queryable, companyId: string): Promise<string[]> {
  const se = await db
    .select({ id: users.id })
    .from(companies)
    .innerJoin(users, eq(users.id, companies.assignedSeId))
    .where(and(eq(companies.id, companyId), eq(users.active, true), eq(users.role, "se")));
  if (se.length > 0) return se.map((row) => row.id);
  const admins = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)));
  return admins.map((row) => row.id);
}

/** A company's limit settings (nulls: defaults), or all nulls when never set. */
export async function readIngestionLimits(db: Queryable, { companyId }: { companyId: string }): Promise<IngestionLimitSettings> {
  const [row] = await db
    .select({
      keyRatePerMinute: ingestionLimits.keyRatePerMinute,
      keyBurst: ingestionLimits.keyBurst,
      companyRatePerMinute: ingestionLimits.companyRatePerMinute,
      companyBurst: ingestionLimits.companyBurst,
    })
    .from(ingestionLimits)
    .where(eq(ingestionLimits.companyId, companyId))
    .limit(1);
  return row ?? { keyRatePerMinute: null, keyBurst: null, companyRatePerMinute: null, companyBurst: null };
}

export async function writeIngestionLimits(
  db: Queryable,
  { companyId, values, updatedById }: { companyId: string; values: IngestionLimitSettings; updatedById: string | null },
) {
  await db
    .insert(ingestionLimits)
    .values({ companyId, ...values, updatedById })
    .onConflictDoUpdate({ target: ingestionLimits.companyId, set: { ...values, updatedById, updatedAt: new Date() } });
}

export type KeyTrafficMinute = {
  keyId: string;
  minute: Date;
  admittedRequests: number;
  admittedReports: number;
  refusedRequests: number;
  refusedReports: number;
};

/** The company's keys' traffic a minute since `since`, newest first. */
export async function listIngestionTraffic(db: Queryable, { companyId, since }: { companyId: string; since: Date }): Promise<KeyTrafficMinute[]> {
  return db
    .select({
      keyId: ingestionTraffic.keyId,
      minute: ingestionTraffic.minute,
      admittedRequests: ingestionTraffic.admittedRequests,
      admittedReports: ingestionTraffic.admittedReports,
      refusedRequests: ingestionTraffic.refusedRequests,
      refusedReports: ingestionTraffic.refusedReports,
    })
    .from(ingestionTraffic)
    .innerJoin(ingestionKeys, eq(ingestionKeys.id, ingestionTraffic.keyId))
    .where(and(eq(ingestionTraffic.companyId, companyId), eq(ingestionKeys.companyId, companyId), gte(ingestionTraffic.minute, since)))
    .orderBy(desc(ingestionTraffic.minute));
}

/** Drops traffic counters older than `before` (the company page shows the last hour). */
export async function pruneIngestionTraffic(db: Queryable, { before }: { before: Date }): Promise<number> {
  const deleted = await db.delete(ingestionTraffic).where(lt(ingestionTraffic.minute, before)).returning({ keyId: ingestionTraffic.keyId });
  return deleted.length;
}
