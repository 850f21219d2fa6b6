import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { applyRollupChanges, recordExecution, RollupChanges, type RecordedExecution } from "@/db/queries/executions";
import { findActiveIngestionKey, touchIngestionKey } from "@/db/queries/ingestion-keys";
import { executionStatuses, platformSettings, workflows } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { CompanyScope } from "./authz";
import { storeCompanyNotification } from "./notify";
import { channels, publishEach } from "./realtime";

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

type ExecutionReportBody = z.infer<typeof executionReportSchema>;

export type IngestionOutcome =
  | { status: 200 | 201; recorded: RecordedExecution }
  | { status: 200; batch: RecordedExecution[] }
  | { status: 400 | 401 | 404 | 413; error: string; issues?: { path: string; message: string }[] };

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

/**
 * Authenticates the key, validates the body (one report, or `{ runs: [...] }` of up to
 * MAX_BATCH_RUNS), and records the runs with their rollup changes in one transaction.
 * All or nothing: one bad report or foreign workflow refuses the whole request.
 */
export async function ingestExecution(db: Database, request: Request): Promise<IngestionOutcome> {
  const authorization = request.headers.get("authorization") ?? "";
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!presented) return { status: 401, error: "Send the ingestion key as `Authorization: Bearer <key>`." };
  const key = await findActiveIngestionKey(db, hashIngestionKey(presented));
  if (!key) return { status: 401, error: "The ingestion key is not valid or has been revoked." };

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
  const reports = parsed.data.runs;

  // The key is the authentication: its lookup above runs on the owner connection, as no
  // company is known before it (the SHA-256 of a 256-bit secret can only find the
  // presenter's own key). From here on everything runs as nexus_app, reaching only the
  // key's company (db/tenant.ts), so a run cannot land in another company's data.
  const tenant: CompanyScope = { kind: "companies", companyIds: [key.companyId] };
  const outcome = await retryOnDeadlock(() => withTenant(db, tenant, (tx) => recordReports(tx, key.companyId, reports)));
  if ("missing" in outcome) {
    const which = isBatch ? `runs.${outcome.missing}: ` : "";
    return { status: 404, error: `${which}No workflow with that id for this key's company.` };
  }
  const { recorded, pushNotifications } = outcome;
  // Pushed only after the commit; publishing never throws into the request.
  const events = recorded.flatMap(({ run, workflowName }) =>
    run.changed
      ? [
          {
            id: run.execution.id,
            workflowId: run.execution.workflowId,
            workflowName,
            companyId: run.execution.companyId,
            status: run.execution.status,
            startedAt: run.execution.startedAt.toISOString(),
            finishedAt: run.execution.finishedAt?.toISOString() ?? null,
          },
        ]
      : [],
  );
  await Promise.all([
    publishEach([channels.company(key.companyId), channels.staff], "run.updated", events),
    ...pushNotifications.map((push) => push()),
  ]);
  // "last used" is kept to the minute: skip the extra transaction while it is fresh
  const stale = !key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000;
  if (stale) await withTenant(db, tenant, (tx) => touchIngestionKey(tx, key.id));
  const runs = recorded.map(({ run }) => run);
  const [single] = runs;
  if (!isBatch && single) return { status: single.created ? 201 : 200, recorded: single };
  return { status: 200, batch: runs };
}

type Recorded = { run: RecordedExecution; workflowName: string };

/**
 * Records the reports in order, in the caller's (tenant) transaction. The workflows and
 * their minutes saved per run are read in one query; a workflow that is not the company's
 * answers `{ missing: index }` before anything is written.
 */
async function recordReports(
  tx: Transaction,
  companyId: string,
  reports: readonly ExecutionReportBody[],
): Promise<{ recorded: Recorded[]; pushNotifications: (() => Promise<void>)[] } | { missing: number }> {
  const ids = [...new Set(reports.map((report) => report.workflowId.toLowerCase()))];
  const found = await tx
    .select({
      id: workflows.id,
      name: workflows.name,
      minutes: sql<number>`coalesce(${workflows.minutesSavedPerRun}, ${platformSettings.defaultMinutesSavedPerRun}, 0)`.mapWith(Number),
    })
    .from(workflows)
    .leftJoin(platformSettings, eq(platformSettings.id, true))
    .where(and(inArray(workflows.id, ids), eq(workflows.companyId, companyId)));
  const byId = new Map(found.map((workflow) => [workflow.id.toLowerCase(), workflow]));
  // Another company's workflow answers exactly like a missing one.
  const missing = reports.findIndex((report) => !byId.has(report.workflowId.toLowerCase()));
  if (missing >= 0) return { missing };

  const pushNotifications: (() => Promise<void>)[] = [];
  // Runs are locked in (workflow, externalId) order whatever order the batch came in, and
  // the rollup rows at the end in key order, so two transactions never wait on each other
  // in a cycle; a run's own reports keep their order (the sort is stable).
  const order = reports.map((report, index) => ({ report, index, workflowId: report.workflowId.toLowerCase() }));
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  order.sort((a, b) => compare(a.workflowId, b.workflowId) || compare(a.report.externalId, b.report.externalId));
  const results = new Array<Recorded>(reports.length);
  const changes = new RollupChanges();
  for (const { report, index } of order) {
    const workflow = byId.get(report.workflowId.toLowerCase());
    if (!workflow) throw new Error("workflow vanished within the transaction");
    const run = await recordExecution(
      tx,
      {
        companyId,
        workflowId: workflow.id,
        externalId: report.externalId,
        status: report.status,
        startedAt: new Date(report.startedAt),
        finishedAt: report.finishedAt ? new Date(report.finishedAt) : null,
        errorMessage: report.errorMessage ?? null,
      },
      changes,
      workflow.minutes,
    );
    results[index] = { run, workflowName: workflow.name };
    // A run that has just failed tells the company's clients, in the same transaction.
    if (run.changed && run.execution.status === "failed") {
      pushNotifications.push(
        await storeCompanyNotification(tx, companyId, {
          type: "run_failed",
          title: `${workflow.name} failed`,
          body: report.errorMessage ?? "The run failed without an error message.",
          link: `/workflows/${workflow.id}`,
        }),
      );
    }
  }
  await applyRollupChanges(tx, changes);
  return { recorded: results, pushNotifications };
}

/**
 * Runs a transaction again (up to three times in all) when PostgreSQL ended it to break a
 * deadlock: concurrent reports of one workflow lock the same rollup rows, and a single
 * report's lock order cannot always match a batch's.
 */
/** The SQLSTATE of a postgres-js error, also when drizzle wrapped it (as `cause`). */
function postgresErrorCode(error: unknown): string | undefined {
  for (let current = error; typeof current === "object" && current !== null; current = (current as { cause?: unknown }).cause) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return undefined;
}

async function retryOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (postgresErrorCode(error) !== "40P01" || attempt >= 3) throw error;
    }
  }
}
