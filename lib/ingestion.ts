import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { recordExecution, type RecordedExecution } from "@/db/queries/executions";
import { findActiveIngestionKey, touchIngestionKey } from "@/db/queries/ingestion-keys";
import { executionStatuses, workflows } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { CompanyScope } from "./authz";
import { storeCompanyNotification } from "./notify";
import { channels, publish } from "./realtime";

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

export type IngestionOutcome =
  | { status: 200 | 201; recorded: RecordedExecution }
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
 * Authenticates the key, validates the body, and records the run with its rollup change
 * in one transaction. Nothing is written unless every check passes.
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
  const parsed = executionReportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { status: 400, error: issues.map((issue) => issue.message).join("; "), issues };
  }
  const body = parsed.data;

  // The key is the authentication: its lookup above runs on the owner connection, as no
  // company is known before it (the SHA-256 of a 256-bit secret can only find the
  // presenter's own key). From here on everything runs as nexus_app, reaching only the
  // key's company (db/tenant.ts), so a run cannot land in another company's data.
  const tenant: CompanyScope = { kind: "companies", companyIds: [key.companyId] };
  const outcome = await withTenant(db, tenant, async (tx) => {
    const [workflow] = await tx
      .select({ id: workflows.id, name: workflows.name })
      .from(workflows)
      .where(and(eq(workflows.id, body.workflowId), eq(workflows.companyId, key.companyId)))
      .limit(1);
    // Another company's workflow answers exactly like a missing one.
    if (!workflow) return null;
    const recorded = await recordExecution(tx, {
      companyId: key.companyId,
      workflowId: body.workflowId,
      externalId: body.externalId,
      status: body.status,
      startedAt: new Date(body.startedAt),
      finishedAt: body.finishedAt ? new Date(body.finishedAt) : null,
      errorMessage: body.errorMessage ?? null,
    });
    // A run that has just failed tells the company's clients, in the same transaction.
    const justFailed = recorded.changed && recorded.execution.status === "failed";
    const pushNotifications = justFailed
      ? await storeCompanyNotification(tx, key.companyId, {
          type: "run_failed",
          title: `${workflow.name} failed`,
          body: body.errorMessage ?? "The run failed without an error message.",
          link: `/workflows/${workflow.id}`,
        })
      : null;
    return { workflow, recorded, pushNotifications };
  });
  if (!outcome) return { status: 404, error: "No workflow with that id for this key's company." };
  const { workflow, recorded, pushNotifications } = outcome;
  // Pushed only after the commit; publishing never throws into the request.
  if (recorded.changed) {
    const event = {
      id: recorded.execution.id,
      workflowId: recorded.execution.workflowId,
      workflowName: workflow.name,
      companyId: recorded.execution.companyId,
      status: recorded.execution.status,
      startedAt: recorded.execution.startedAt.toISOString(),
      finishedAt: recorded.execution.finishedAt?.toISOString() ?? null,
    };
    await Promise.all([
      publish([channels.company(key.companyId), channels.staff], "run.updated", event),
      pushNotifications?.(),
    ]);
  }
  // "last used" is kept to the minute: skip the extra transaction while it is fresh
  const stale = !key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000;
  if (stale) await withTenant(db, tenant, (tx) => touchIngestionKey(tx, key.id));
  return { status: recorded.created ? 201 : 200, recorded };
}
