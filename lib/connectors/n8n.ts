// The n8n public API client (/api/v1): typed, zod-parsed responses, no database. It only
// speaks to n8n and returns parsed data; the sync decides what to record. Transport rules
// (address policy, timeout, size cap, no redirects) live in lib/connectors/http.ts.
import "server-only";
import { z } from "zod";
import { ConnectorError, getJson, type JsonResponse } from "@/lib/connectors/http";
import { parseConnectionUrl } from "@/lib/connectors/url-policy";

export type N8nWorkflow = { id: string; name: string; active: boolean };
export type N8nExecution = {
  id: string;
  workflowId: string;
  status: string;
  finished: boolean;
  mode: string;
  startedAt: string | null;
  stoppedAt: string | null;
};
export type N8nConnectionTarget = {
  baseUrl: string;
  apiKey: string;
  allowPrivateNetworks: boolean;
  /** Per request, DNS to last byte; default 10 s. */
  timeoutMs?: number;
  /** Per response body; default 5 MB. */
  maxBytes?: number;
};
export type N8nErrorKind =
  | "refused_address"
  | "unreachable"
  | "timeout"
  | "tls"
  | "too_large"
  | "key_refused"
  | "not_n8n"
  | "bad_response"
  | "http_error";

/** A failed call; `message` is one sentence for the user and never contains the API key. */
export class N8nError extends Error {
  readonly kind: N8nErrorKind;
  readonly status?: number;

  constructor(kind: N8nErrorKind, message: string, status?: number) {
    super(message);
    this.name = "N8nError";
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

export type N8nPage<T> = { data: T[]; nextCursor: string | null };
export type N8nExecutionQuery = { cursor?: string | null; limit?: number; workflowId?: string };
export type N8nConnectionResult = { ok: true; workflows: number; message: string } | { ok: false; kind: N8nErrorKind; message: string };

export const N8N_DEFAULT_TIMEOUT_MS = 10_000;
export const N8N_DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const N8N_MAX_EXECUTION_PAGE = 250;
export const N8N_ERROR_MESSAGE_MAX_CHARS = 2_000;
const WORKFLOW_PAGE_SIZE = 100;
const DEFAULT_MAX_WORKFLOW_PAGES = 20;

// n8n sends ids as strings; older versions and other fronts send numbers.
const idSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform((id) => String(id));
const nullableText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
// An empty cursor would fetch the first page again.
const cursorSchema = z
  .string()
  .nullish()
  .transform((cursor) => (cursor === undefined || cursor === null || cursor === "" ? null : cursor));

const workflowSchema = z.object({ id: idSchema, name: z.string(), active: z.boolean() });
const executionSchema = z.object({
  id: idSchema,
  workflowId: idSchema,
  status: z.string(),
  finished: z.boolean(),
  mode: z.string(),
  startedAt: nullableText,
  stoppedAt: nullableText,
});

function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: cursorSchema });
}
const workflowPageSchema = pageSchema(workflowSchema);
const executionPageSchema = pageSchema(executionSchema);

const nodeErrorSchema = z.object({ message: z.string().nullish(), description: z.string().nullish() });
const executionWithDataSchema = z.object({
  id: idSchema,
  data: z
    .object({
      resultData: z
        .object({
          error: nodeErrorSchema.nullish(),
          // Node name → its runs; each run is read on its own below so one odd run cannot hide the others.
          runData: z.record(z.string(), z.array(z.unknown())).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
const taskErrorSchema = z.object({ error: nodeErrorSchema.nullish() });

/** The body looks like an n8n list (an object with a `data` array), whatever its items hold. */
function looksLikeList(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && "data" in body && Array.isArray(body.data);
}

/** The body looks like one n8n execution (an object with an `id`). */
function looksLikeRecord(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && "id" in body;
}

function issuePath(error: z.ZodError): string {
  const [issue] = error.issues;
  if (issue === undefined) return "the response";
  const path = issue.path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`)).join("");
  return `${path === "" ? "the response" : path} (${issue.message.toLowerCase().replace(/\.$/, "")})`;
}

/** Clips text to `max` characters, ending in an ellipsis, without splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

type Endpoint = "list" | "record";

/** The client with the internals testN8nConnection needs; createN8nClient exposes the public part. */
function buildClient(target: N8nConnectionTarget) {
  const parsedUrl = parseConnectionUrl(target.baseUrl);
  const baseUrl = parsedUrl.ok ? parsedUrl.url : "";
  const host = parsedUrl.ok ? new URL(parsedUrl.url).host : "n8n";
  const timeoutMs = target.timeoutMs ?? N8N_DEFAULT_TIMEOUT_MS;
  const maxBytes = target.maxBytes ?? N8N_DEFAULT_MAX_BYTES;

  /** Removes the key from text a server chose, in case it echoes request headers back. */
  const redact = (text: string): string => (target.apiKey === "" ? text : text.split(target.apiKey).join("[key]"));

  async function request(path: string, params: URLSearchParams | null): Promise<JsonResponse> {
    if (!parsedUrl.ok) throw new N8nError("refused_address", parsedUrl.message);
    // Header values cannot hold control characters, and an n8n key never has spaces.
    if (!/^[\x21-\x7e]+$/.test(target.apiKey)) {
      throw new N8nError("key_refused", "The API key is empty or contains spaces or other characters an n8n key never has; paste it again.");
    }
    const query = params === null ? "" : params.toString();
    const url = `${baseUrl}/api/v1/${path}${query === "" ? "" : `?${query}`}`;
    try {
      return await getJson(url, {
        headers: { "X-N8N-API-KEY": target.apiKey, Accept: "application/json" },
        timeoutMs,
        maxBytes,
        allowPrivateNetworks: target.allowPrivateNetworks,
      });
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.kind === "not_json") {
        const html = /html/i.test(error.contentType ?? "");
        throw new N8nError(
          "not_n8n",
          `${host} does not look like an n8n API: it answered /api/v1/${path} with ${html ? "an HTML page" : "something that is not JSON"}. Check the URL.`,
          error.status,
        );
      }
      throw new N8nError(error.kind, redact(error.message), error.status);
    }
  }

  /** Maps a non-2xx answer to an error; returns normally for 2xx. */
  function rejectStatus(response: JsonResponse, path: string, endpoint: Endpoint): void {
    const { status, body } = response;
    if (status >= 200 && status < 300) return;
    if (status === 401 || status === 403) {
      const hint =
        status === 401
          ? "check that the key is correct and has not expired"
          : "check that the key has the workflow:read, workflow:list, execution:read and execution:list scopes";
      throw new N8nError("key_refused", `n8n at ${host} refused the API key (${status}); ${hint}.`, status);
    }
    if (status === 404 && endpoint === "list") {
      throw new N8nError(
        "not_n8n",
        `${host} does not look like an n8n API: /api/v1/${path} was not found (404). Check the URL and that n8n's public API is enabled.`,
        status,
      );
    }
    if (status >= 300 && status < 400) {
      throw new N8nError(
        "http_error",
        `n8n at ${host} answered with a redirect (${status}); enter the address n8n is served from, for example with https://.`,
        status,
      );
    }
    const said =
      typeof body === "object" && body !== null && "message" in body && typeof body.message === "string" && body.message.trim() !== ""
        ? `: “${clip(redact(body.message.trim()).replace(/\s+/g, " "), 200)}”`
        : "";
    throw new N8nError("http_error", `n8n at ${host} answered /api/v1/${path} with HTTP ${status}${said}.`, status);
  }

  /** Parses a 2xx body; a body of another shape is "not_n8n", one of the right shape with wrong parts is "bad_response". */
  function parseBody<T extends z.ZodType>(schema: T, body: unknown, path: string, endpoint: Endpoint): z.output<T> {
    const looksRight = endpoint === "list" ? looksLikeList(body) : looksLikeRecord(body);
    if (!looksRight) {
      const expected = endpoint === "list" ? "a list with a data array" : "an execution with an id";
      throw new N8nError("not_n8n", `${host} does not look like an n8n API: /api/v1/${path} answered JSON that is not ${expected}.`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new N8nError("bad_response", `n8n at ${host} sent a response to /api/v1/${path} that did not fit at ${issuePath(parsed.error)}.`);
    }
    return parsed.data;
  }

  async function listWorkflows(cursor?: string | null): Promise<N8nPage<N8nWorkflow>> {
    const params = new URLSearchParams({ limit: String(WORKFLOW_PAGE_SIZE) });
    if (cursor) params.set("cursor", cursor);
    const response = await request("workflows", params);
    rejectStatus(response, "workflows", "list");
    return parseBody(workflowPageSchema, response.body, "workflows", "list");
  }

  /** All workflows, following nextCursor for at most `maxPages` pages; `complete` is false when pages were left. */
  async function collectWorkflows(maxPages: number): Promise<{ workflows: N8nWorkflow[]; complete: boolean }> {
    const workflows: N8nWorkflow[] = [];
    const seenCursors = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page += 1) {
      const result: N8nPage<N8nWorkflow> = await listWorkflows(cursor);
      workflows.push(...result.data);
      if (result.nextCursor === null) return { workflows, complete: true };
      // A server that hands back a cursor it already gave would loop until the page cap.
      if (seenCursors.has(result.nextCursor)) {
        throw new N8nError("bad_response", `n8n at ${host} returned the same page cursor twice while listing workflows.`);
      }
      seenCursors.add(result.nextCursor);
      cursor = result.nextCursor;
    }
    return { workflows, complete: false };
  }

  async function listAllWorkflows(maxPages: number = DEFAULT_MAX_WORKFLOW_PAGES): Promise<N8nWorkflow[]> {
    return (await collectWorkflows(maxPages)).workflows;
  }

  async function listExecutions(query: N8nExecutionQuery = {}): Promise<N8nPage<N8nExecution>> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), N8N_MAX_EXECUTION_PAGE);
    const params = new URLSearchParams({ limit: String(Number.isFinite(limit) ? limit : 100), includeData: "false" });
    if (query.cursor) params.set("cursor", query.cursor);
    if (query.workflowId) params.set("workflowId", query.workflowId);
    const response = await request("executions", params);
    rejectStatus(response, "executions", "list");
    return parseBody(executionPageSchema, response.body, "executions", "list");
  }

  async function getExecution(id: string): Promise<N8nExecution | null> {
    const path = `executions/${encodeURIComponent(id)}`;
    const response = await request(path, null);
    if (response.status === 404) return null;
    rejectStatus(response, path, "record");
    return parseBody(executionSchema, response.body, path, "record");
  }

  async function getExecutionError(id: string): Promise<string | null> {
    const path = `executions/${encodeURIComponent(id)}`;
    const response = await request(path, new URLSearchParams({ includeData: "true" }));
    if (response.status === 404) return null;
    rejectStatus(response, path, "record");
    const execution = parseBody(executionWithDataSchema, response.body, path, "record");
    const resultData = execution.data?.resultData;
    const candidates: (string | null | undefined)[] = [resultData?.error?.message, resultData?.error?.description];
    for (const runs of Object.values(resultData?.runData ?? {})) {
      for (const run of runs) {
        const task = taskErrorSchema.safeParse(run);
        if (task.success) candidates.push(task.data.error?.message, task.data.error?.description);
      }
    }
    const message = candidates.map((text) => text?.trim() ?? "").find((text) => text !== "");
    return message === undefined ? null : clip(message, N8N_ERROR_MESSAGE_MAX_CHARS);
  }

  return { listWorkflows, listAllWorkflows, listExecutions, getExecution, getExecutionError, collectWorkflows };
}

export type N8nClient = {
  listWorkflows(cursor?: string | null): Promise<N8nPage<N8nWorkflow>>;
  /** Follows nextCursor for at most `maxPages` pages (default 20). */
  listAllWorkflows(maxPages?: number): Promise<N8nWorkflow[]>;
  /** Newest first, without execution data; `limit` defaults to 100 and is clamped to 1-250. */
  listExecutions(query?: N8nExecutionQuery): Promise<N8nPage<N8nExecution>>;
  /** Null when n8n has no such execution (404). */
  getExecution(id: string): Promise<N8nExecution | null>;
  /** The execution's error message, at most 2,000 characters; null when it has none or does not exist. */
  getExecutionError(id: string): Promise<string | null>;
};

/** A client for one n8n; a URL that fails parseConnectionUrl makes every call throw "refused_address". */
export function createN8nClient(target: N8nConnectionTarget): N8nClient {
  const { listWorkflows, listAllWorkflows, listExecutions, getExecution, getExecutionError } = buildClient(target);
  return { listWorkflows, listAllWorkflows, listExecutions, getExecution, getExecutionError };
}

/**
 * Checks URL, key and API shape by counting workflows, and reads one execution so a key
 * without the execution scopes fails here rather than in the first sync; failures are
 * values with a message for the user.
 */
export async function testN8nConnection(target: N8nConnectionTarget): Promise<N8nConnectionResult> {
  try {
    const client = buildClient(target);
    const { workflows, complete } = await client.collectWorkflows(DEFAULT_MAX_WORKFLOW_PAGES);
    await client.listExecutions({ limit: 1 });
    const count = `${complete ? "" : "at least "}${workflows.length.toLocaleString("en-US")} workflow${workflows.length === 1 ? "" : "s"}`;
    return { ok: true, workflows: workflows.length, message: `Connected: n8n answered and accepted the key; ${count} found.` };
  } catch (error) {
    if (error instanceof N8nError) return { ok: false, kind: error.kind, message: error.message };
    throw error;
  }
}
