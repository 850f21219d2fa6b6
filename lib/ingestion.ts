import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { RecordedExecution } from "@/db/queries/executions";
import { touchIngestionKey } from "@/db/queries/ingestion-keys";
import { executionStatuses } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { CompanyScope } from "./authz";
import { admitIngestion, noticeRefusals, rateLimitHeaders, recentlyNoticed, refusalMessage, refusalOf, type Refusal } from "./ingestion-limits";
import { recordRuns } from "./record-runs";

// POST /api/v1/executions (PRODUCT.md §5): engines report runs with a per-company key.
export const MAX_BODY_BYTES = 64 * 1024;
const KEY_PREFIX = "nxk_";

/** A new key: shown once in full; only its SHA-256 and its first characters are stored. */
export function generateIngestionKey(): { key: string; prefix: string; keyHash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 12), keyHash: hashIngestionKey(key) };
}

export function hashIngestionKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with a zone, e.g. 2026-11-25T09:30:00Z" });

export const executionReportSchema = z
  .object({
    workflowId: z.guid("workflowId must be the workflow's id (a UUID)"),
    externalId: z.string().trim().min(1, "externalId is required").max(200, "externalId is at most 200 characters"),
    status: z.enum(executionStatuses, { message: `status must be one of ${executionStatuses.join(", ")}` }),
    startedAt: isoTime,
    finishedAt: isoTime.nullish(),
    errorMessage: z.string().max(2000, "errorMessage is at most 2,000 characters").nullish(),
  })
  .strict()
  .superRefine((body, context) => {
    const finished = body.status !== "running";
    if (finished && !body.finishedAt) {
      context.addIssue({ code: "custom", path: ["finishedAt"], message: `finishedAt is required when status is ${body.status}` });
    }
    if (body.finishedAt && Date.parse(body.finishedAt) < Date.parse(body.startedAt)) {
      context.addIssue({ code: "custom", path: ["finishedAt"], message: "finishedAt must not be before startedAt" });
    }
    if (Date.parse(body.startedAt) > Date.now() + 5 * 60 * 1000) {
      context.addIssue({ code: "custom", path: ["startedAt"], message: "startedAt is in the future" });
    }
  });

/** Up to this many reports in one request, as `{ "runs": [report, …] }`. */
export const MAX_BATCH_RUNS = 100;

export const executionBatchSchema = z
  .object({
    runs: z
      .array(executionReportSchema, { message: "runs must be a list of run reports" })
      .min(1, "runs must hold at least one report")
      .max(MAX_BATCH_RUNS, `runs holds at most ${MAX_BATCH_RUNS} reports`),
  })
  .strict();

export type ExecutionReportBody = z.infer<typeof executionReportSchema>;

/** The rate-limit headers every answer to a known key carries (lib/ingestion-limits.ts). */
type Headers = { headers?: Record<string, string> };

export type IngestionOutcome =
  | ({ status: 200 | 201; recorded: RecordedExecution } & Headers)
  | ({ status: 200; batch: RecordedExecution[] } & Headers)
  | ({ status: 400 | 401 | 404 | 413; error: string; issues?: { path: string; message: string }[] } & Headers)
  | ({ status: 429; error: string; refusal: Refusal; retryAt: string; headers: Record<string, string> });

async function readBody(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return "";
  // Count while reading: a missing or false content-length must not let a huge body in.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

type Parsed = { reports: ExecutionReportBody[]; isBatch: boolean } | { status: 400 | 413; error: string; issues?: { path: string; message: string }[] };

async function parseBody(request: Request): Promise<Parsed> {
  const text = await readBody(request);
  if (text === null) return { status: 413, error: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, error: "The body is not valid JSON." };
  }
  const isBatch = typeof json === "object" && json !== null && !Array.isArray(json) && "runs" in json;
  const parsed = isBatch
    ? executionBatchSchema.safeParse(json)
    : executionReportSchema.transform((report) => ({ runs: [report] })).safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const where = (issue: { path: string; message: string }) =>
      isBatch && /^runs\.\d+/.test(issue.path) ? `${issue.path.split(".").slice(0, 2).join(".")}: ${issue.message}` : issue.message;
    return { status: 400, error: issues.map(where).join("; "), issues };
  }
  return { reports: parsed.data.runs, isBatch };
}

/**
 * Authenticates the key, validates the body (one report, or `{ runs: [...] }` of up to
 * MAX_BATCH_RUNS), takes the request's reports from the key's and the company's rate
 * limits (a body that is no report costs one), and records the runs with their rollup
 * changes in one transaction. All or nothing: one bad report or foreign workflow refuses
 * the whole request; a refused request (429) records nothing and can be sent again.
 */
export async function ingestExecution(db: Database, request: Request): Promise<IngestionOutcome> {
  const authorization = request.headers.get("authorization") ?? "";
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!presented) return { status: 401, error: "Send the ingestion key as `Authorization: Bearer <key>`." };
  const body = await parseBody(request);
  const cost = "reports" in body ? body.reports.length : 1;

  // The key is the authentication: its lookup runs on the owner connection, as no company
  // is known before it (the SHA-256 of a 256-bit secret can only find the presenter's own
  // key), in the same statement that takes from its rate limits.
  const admission = await admitIngestion(db, { keyHash: hashIngestionKey(presented), cost });
  if (admission.status === "unknown-key") return { status: 401, error: "The ingestion key is not valid or has been revoked." };
  if (admission.status === "refused") {
    const refusal = refusalOf(admission.buckets, cost);
    // a key whose staff were told lately needs no look at its figures (the common case in a flood)
    if (!admission.fromMemory && !recentlyNoticed(admission.buckets)) await noticeRefusals(db, admission.keyId);
    return {
      status: 429,
      error: refusalMessage(refusal, cost),
      refusal,
      retryAt: new Date(Date.now() + refusal.retryAfterSeconds * 1000).toISOString(),
      headers: rateLimitHeaders(admission, refusal),
    };
  }
  const headers = rateLimitHeaders(admission, null);
  if (!("reports" in body)) return { ...body, headers };
  const { reports, isBatch } = body;

  // Recording runs as nexus_app, reaching only the key's company.
  const outcome = await recordRuns(db, admission.companyId, reports);
  if ("missing" in outcome) {
    const which = isBatch ? `runs.${outcome.missing}: ` : "";
    return { status: 404, error: `${which}No workflow with that id for this key's company.`, headers };
  }
  const tenant: CompanyScope = { kind: "companies", companyIds: [admission.companyId] };
  // "last used" is kept to the minute: skip the extra transaction while it is fresh
  const stale = !admission.lastUsedAt || Date.now() - admission.lastUsedAt.getTime() > 60_000;
  if (stale) await withTenant(db, tenant, (tx) => touchIngestionKey(tx, admission.keyId));
  const runs = outcome.recorded;
  const [single] = runs;
  if (!isBatch && single) return { status: single.created ? 201 : 200, recorded: single, headers };
  return { status: 200, batch: runs, headers };
}

const describeRun = ({ execution, created, changed }: RecordedExecution) => ({
  id: execution.id,
  workflowId: execution.workflowId,
  status: execution.status,
  startedAt: execution.startedAt,
  finishedAt: execution.finishedAt,
  created,
  changed,
});

/** The HTTP answer for an outcome, exactly as /api/v1/executions sends it (status, JSON body, headers). */
export function answerOf(outcome: IngestionOutcome): { status: number; body: unknown; headers: Record<string, string> } {
  const headers = { "Cache-Control": "no-store", ...outcome.headers };
  if (outcome.status === 429) {
    const { refusal, retryAt, error } = outcome;
    return {
      status: 429,
      headers,
      body: {
        error,
        limit: refusal.limit,
        retryAfterSeconds: refusal.retryAfterSeconds,
        retryAt,
        policy: { ratePerMinute: refusal.ratePerMinute, burst: refusal.burst },
      },
    };
  }
  if ("error" in outcome) return { status: outcome.status, headers, body: { error: outcome.error, issues: outcome.issues } };
  if ("batch" in outcome) return { status: outcome.status, headers, body: { runs: outcome.batch.map(describeRun) } };
  return { status: outcome.status, headers, body: describeRun(outcome.recorded) };
}
