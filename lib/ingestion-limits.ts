import "server-only";
import type { Database } from "@/db/client";
import {
  claimRefusalNotice,
  countRefusals,
  ensureBuckets,
  takeIngestionTokens,
  throttleRecipients,
  type BucketState,
  type EffectiveLimits,
  type IngestionLimitSettings,
} from "@/db/queries/ingestion-limits";
import type { IngestionLimitScope } from "@/db/schema";
import { logger } from "./logger";
import { storeNotifications } from "./notify";

// Rate limits on the ingestion API (issue 20): one engine cannot slow everyone down. Two
// token buckets per request, the key's and its company's; a request costs one token per
// run report it carries (a batch of 40 costs 40; a body that is not a report costs 1) and
// is admitted only when both buckets hold that many. The buckets live in PostgreSQL
// (db/queries/ingestion-limits.ts), so the limits hold across every app instance.

/**
 * The platform's defaults, far above what a normal engine sends (5 reports a second
 * sustained per key is 216,000 runs a day; a burst holds one full batch), and low enough
 * that one flooding engine takes a small share of a 2-core server (BENCHMARKS.md, noisy
 * neighbour: a single report costs a few hundredths of a CPU-second to record).
 */
export const DEFAULT_INGESTION_LIMITS: EffectiveLimits = {
  keyRatePerMinute: 300,
  keyBurst: 100,
  companyRatePerMinute: 600,
  companyBurst: 200,
};

/** What staff may set: a burst holds at least one full batch (100 reports), so every valid request can pass. */
export const LIMIT_BOUNDS = {
  ratePerMinute: { min: 60, max: 600_000 },
  burst: { min: 100, max: 100_000 },
} as const;

/** A key refused this many requests within the window tells the company's SE, once a day at most. */
export const REFUSAL_NOTICE = { threshold: 100, windowMinutes: 15, quietHours: 24 } as const;

/** A refused request is answered after at most this pause (never longer than its Retry-After). */
export const REFUSAL_PAUSE_MS = 1_000;

export function effectiveLimits(settings: IngestionLimitSettings): EffectiveLimits {
  return {
    keyRatePerMinute: settings.keyRatePerMinute ?? DEFAULT_INGESTION_LIMITS.keyRatePerMinute,
    keyBurst: settings.keyBurst ?? DEFAULT_INGESTION_LIMITS.keyBurst,
    companyRatePerMinute: settings.companyRatePerMinute ?? DEFAULT_INGESTION_LIMITS.companyRatePerMinute,
    companyBurst: settings.companyBurst ?? DEFAULT_INGESTION_LIMITS.companyBurst,
  };
}

export type Admission =
  | { status: "unknown-key" }
  | {
      status: "admitted" | "refused";
      keyId: string;
      companyId: string;
      lastUsedAt: Date | null;
      buckets: BucketState[];
      cost: number;
      /** refused by this instance's memory of the buckets, without a statement */
      fromMemory: boolean;
    };

// Per instance, per presented key: one statement in flight at a time, and the buckets as
// the last statement left them. A flood of one key then holds at most one database
// connection per instance (its other requests wait here, not in the pool, where they
// would queue every other company's queries behind the bucket row's lock), and a request
// that cannot fit even if nobody else had taken anything since is refused from memory.
// Memory only ever refuses: buckets lose tokens to other instances, never gain beyond
// the refill, so a bucket that cannot hold `cost` by that reckoning holds less. Such
// refusals are counted in the database with the key's next statement.
type Gate = {
  chain: Promise<unknown>;
  last: { at: number; keyId: string; companyId: string; lastUsedAt: Date | null; buckets: BucketState[] } | null;
  pending: { requests: number; reports: number };
  /** a flush of `pending` is due (if no statement counts them first) */
  flushing: boolean;
};
/** Per database handle (an instance has one), so two handles in one process act as two instances. */
const gatesByDatabase = new WeakMap<object, Map<string, Gate>>();
const everyGates = new Set<Map<string, Gate>>();
/** Memory refuses for at most this long after a statement: limit changes apply within it. */
export const MEMORY_MS = 2_000;
const MAX_GATES = 10_000;

function gateOf(db: Database, keyHash: string): Gate {
  let gates = gatesByDatabase.get(db);
  if (!gates) {
    gates = new Map();
    gatesByDatabase.set(db, gates);
    everyGates.add(gates);
  }
  let gate = gates.get(keyHash);
  if (!gate) {
    if (gates.size >= MAX_GATES) gates.clear();
    gate = { chain: Promise.resolve(), last: null, pending: { requests: 0, reports: 0 }, flushing: false };
    gates.set(keyHash, gate);
  }
  return gate;
}

/**
 * Forgets what this instance remembers of the buckets (refusals not yet counted stay
 * pending): after staff change a company's limits, and in tests that move a bucket's
 * clock behind the instance's back.
 */
export function forgetIngestionBuckets(): void {
  for (const gates of everyGates) for (const gate of gates.values()) gate.last = null;
}

/** The buckets `elapsedMs` after they were read, refilled as if nobody had taken from them (an upper bound). */
function refilled(buckets: readonly BucketState[], elapsedMs: number): BucketState[] {
  return buckets.map((bucket) => ({ ...bucket, tokens: Math.min(bucket.burst, bucket.tokens + (bucket.ratePerMinute / 60) * (elapsedMs / 1000)) }));
}

/**
 * Authenticates the key by its hash and takes `cost` tokens from its buckets: one
 * statement per request (a key's very first request makes its buckets first), or a
 * refusal from memory when the request cannot fit anyway (above).
 */
export async function admitIngestion(db: Database, { keyHash, cost }: { keyHash: string; cost: number }): Promise<Admission> {
  const gate = gateOf(db, keyHash);
  const turn = gate.chain.then(async (): Promise<Admission> => {
    const now = Date.now();
    if (gate.last && now - gate.last.at < MEMORY_MS) {
      const buckets = refilled(gate.last.buckets, now - gate.last.at);
      if (buckets.some((bucket) => bucket.tokens < cost)) {
        gate.pending.requests += 1;
        gate.pending.reports += cost;
        const { keyId, companyId, lastUsedAt } = gate.last;
        if (!gate.flushing) scheduleFlush(db, gate, { keyId, companyId });
        return { status: "refused", keyId, companyId, lastUsedAt, buckets, cost, fromMemory: true };
      }
    }
    const earlierRefusals = gate.pending;
    gate.pending = { requests: 0, reports: 0 };
    const admission = await takeFromDatabase(db, { keyHash, cost, earlierRefusals });
    gate.last = admission.status === "unknown-key" ? null : { at: Date.now(), ...admission };
    return admission;
  });
  gate.chain = turn.catch(() => undefined);
  return turn;
}

/**
 * Refusals from memory reach the database within MEMORY_MS even when the engine stops
 * sending (its next statement would count them otherwise), and may trip the notice.
 */
function scheduleFlush(db: Database, gate: Gate, key: { keyId: string; companyId: string }) {
  gate.flushing = true;
  const timer = setTimeout(() => {
    gate.chain = gate.chain.then(async () => {
      gate.flushing = false;
      const { requests, reports } = gate.pending;
      if (requests === 0) return;
      gate.pending = { requests: 0, reports: 0 };
      try {
        await countRefusals(db, { ...key, requests, reports });
        if (!recentlyNoticed(gate.last?.buckets ?? [])) await noticeRefusals(db, key.keyId);
      } catch (error) {
        logger.error({ err: error, keyId: key.keyId }, "counting ingestion refusals failed");
      }
    });
  }, MEMORY_MS);
  timer.unref();
}

async function takeFromDatabase(
  db: Database,
  { keyHash, cost, earlierRefusals }: { keyHash: string; cost: number; earlierRefusals: { requests: number; reports: number } },
): Promise<Admission> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await takeIngestionTokens(db, { keyHash, cost, defaults: DEFAULT_INGESTION_LIMITS, earlierRefusals });
    if (result.status === "unknown-key") return result;
    if (result.status === "no-buckets") {
      await ensureBuckets(db, result);
      continue;
    }
    const { admitted, keyId, companyId, lastUsedAt, buckets } = result;
    return { status: admitted ? "admitted" : "refused", keyId, companyId, lastUsedAt, buckets, cost, fromMemory: false };
  }
  throw new Error("ingestion buckets missing after they were made");
}

const perSecond = (bucket: BucketState) => bucket.ratePerMinute / 60;

/** Seconds until `bucket` holds `cost` tokens again (0 when it does now). */
function secondsUntil(bucket: BucketState, cost: number): number {
  return bucket.tokens >= cost ? 0 : (cost - bucket.tokens) / perSecond(bucket);
}

export type Refusal = { limit: IngestionLimitScope; retryAfterSeconds: number; ratePerMinute: number; burst: number };

/** Which limit refused the request (the one that takes longest to allow it) and when to retry. */
export function refusalOf(buckets: readonly BucketState[], cost: number): Refusal {
  const [hit] = [...buckets].sort((a, b) => secondsUntil(b, cost) - secondsUntil(a, cost));
  if (!hit) throw new Error("a refusal without buckets");
  return {
    limit: hit.scope,
    retryAfterSeconds: Math.max(1, Math.ceil(secondsUntil(hit, cost))),
    ratePerMinute: hit.ratePerMinute,
    burst: hit.burst,
  };
}

export function refusalMessage(refusal: Refusal, cost: number): string {
  const who = refusal.limit === "key" ? "this ingestion key" : "this company's ingestion keys together";
  const what = cost === 1 ? "this request's report" : `this request's ${cost} reports`;
  return (
    `Rate limit of ${who} reached: at most ${refusal.ratePerMinute.toLocaleString("en-US")} reports a minute, in bursts of up to ` +
    `${refusal.burst.toLocaleString("en-US")}. Nothing was recorded; send ${what} again in ${refusal.retryAfterSeconds} s (Retry-After).`
  );
}

/**
 * The standard rate-limit headers: `RateLimit-Limit`/`-Remaining`/`-Reset` for the tighter
 * bucket (IETF draft 06 fields, as GitHub-style clients read them) and the draft's
 * structured `RateLimit-Policy` and `RateLimit` for both buckets. Quota `q` is the burst,
 * window `w` the seconds an empty bucket takes to fill; `r` what is left now, `t` the
 * seconds until the bucket is full again (for a refusal: until this request would pass).
 */
export function rateLimitHeaders(admission: Extract<Admission, { buckets: BucketState[] }>, refusal: Refusal | null): Record<string, string> {
  const { buckets, cost } = admission;
  const untilFull = (bucket: BucketState) => Math.max(0, Math.ceil((bucket.burst - bucket.tokens) / perSecond(bucket)));
  const tightest = refusal
    ? (buckets.find((bucket) => bucket.scope === refusal.limit) ?? buckets[0])
    : [...buckets].sort((a, b) => a.tokens - b.tokens)[0];
  if (!tightest) return {};
  const remaining = (bucket: BucketState) => Math.max(0, Math.floor(bucket.tokens));
  const reset = (bucket: BucketState) => (refusal && bucket.tokens < cost ? Math.max(1, Math.ceil(secondsUntil(bucket, cost))) : untilFull(bucket));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(tightest.burst),
    "RateLimit-Remaining": String(remaining(tightest)),
    "RateLimit-Reset": String(reset(tightest)),
    "RateLimit-Policy": buckets.map((bucket) => `"${bucket.scope}";q=${bucket.burst};w=${Math.round(bucket.burst / perSecond(bucket))}`).join(", "),
    RateLimit: buckets.map((bucket) => `"${bucket.scope}";r=${remaining(bucket)};t=${reset(bucket)}`).join(", "),
  };
  if (refusal) headers["Retry-After"] = String(refusal.retryAfterSeconds);
  return headers;
}

/** Whether the key's staff were told about its refusals within the quiet period. */
export function recentlyNoticed(buckets: readonly BucketState[], now: Date = new Date()): boolean {
  const notifiedAt = buckets.find((bucket) => bucket.scope === "key")?.refusalsNotifiedAt;
  return !!notifiedAt && now.getTime() - notifiedAt.getTime() < REFUSAL_NOTICE.quietHours * 60 * 60_000;
}

/**
 * After a refusal: when the key has now been refused REFUSAL_NOTICE.threshold requests
 * within the window, tells the company's SE (the admins when it has none), once a day at
 * most, in-app and live, with the figures. Never throws into the answer.
 */
export async function noticeRefusals(db: Database, keyId: string): Promise<boolean> {
  try {
    const claimed = await claimRefusalNotice(db, { keyId, ...REFUSAL_NOTICE });
    if (!claimed) return false;
    const { companyId } = claimed;
    const push = await db.transaction(async (tx) => {
      const recipients = await throttleRecipients(tx, companyId);
      return storeNotifications(tx, recipients, {
        type: "ingestion_throttled",
        companyId,
        title: `${claimed.companyName}: ingestion key “${claimed.keyName}” is over its rate limit`,
        body:
          `In the last ${REFUSAL_NOTICE.windowMinutes} minutes Nexus refused ${claimed.refusedRequests.toLocaleString("en-US")} requests ` +
          `(${claimed.refusedReports.toLocaleString("en-US")} reports) from key ${claimed.keyPrefix}… and accepted ` +
          `${claimed.admittedReports.toLocaleString("en-US")} reports. Refused runs were not recorded; the engine must send them again. ` +
          `Check the engine for a loop or a replayed backlog, or raise the company's limits. You are told at most once a day per key.`,
        link: `/admin/companies/${companyId}#ingestion-limits`,
      });
    });
    await push();
    return true;
  } catch (error) {
    logger.error({ err: error, keyId }, "ingestion refusal notice failed");
    return false;
  }
}
