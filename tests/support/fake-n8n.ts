// A small server that speaks the parts of n8n's public API Nexus reads (/api/v1/workflows,
// /api/v1/executions, /api/v1/executions/:id), with the same shapes, newest-first order,
// cursors and API-key check as n8n 1.123, and hostile modes a real n8n cannot be made to
// show (malformed, oversized, HTML, hanging). The connector is proven against a real n8n in
// tests/peer/; this one lets the integration and browser tests run anywhere, fast.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeWorkflow = { id: string; name: string; active?: boolean };
export type FakeExecution = {
  id: number;
  workflowId: string;
  status: "success" | "error" | "crashed" | "canceled" | "running" | "new" | "waiting";
  startedAt: string | null;
  stoppedAt: string | null;
  errorMessage?: string;
};
export type FakeMode = "normal" | "html" | "malformed" | "oversized" | "hang" | "server-error";

export type FakeN8n = {
  url: string;
  apiKey: string;
  workflows: FakeWorkflow[];
  executions: FakeExecution[];
  /** how every API request is answered from now on */
  mode: FakeMode;
  /** requests seen, by path (no query) */
  requests: string[];
  /** how long each answer waits (a slow n8n, so a sync is long enough to interrupt) */
  delayMs: number;
  addWorkflow(workflow: FakeWorkflow): void;
  /** adds an execution with the next id; returns it */
  run(workflowId: string, status: FakeExecution["status"], options?: { startedAt?: Date; seconds?: number; errorMessage?: string }): FakeExecution;
  /** changes a stored execution (e.g. a running one that finished) */
  finish(id: number, status: FakeExecution["status"], options?: { errorMessage?: string; stoppedAt?: Date }): void;
  /** n8n pruning history */
  prune(ids: number[]): void;
  revokeKey(): void;
  close(): Promise<void>;
};

const PAGE_DEFAULT = 100;

function cursorOf(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

function offsetOf(cursor: string | null): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { offset?: unknown };
    return typeof parsed.offset === "number" ? parsed.offset : 0;
  } catch {
    return 0;
  }
}

function page<T>(items: T[], url: URL): { data: T[]; nextCursor: string | null } {
  const limit = Math.min(250, Number(url.searchParams.get("limit") ?? PAGE_DEFAULT) || PAGE_DEFAULT);
  const offset = offsetOf(url.searchParams.get("cursor"));
  const data = items.slice(offset, offset + limit);
  return { data, nextCursor: offset + limit < items.length ? cursorOf(offset + limit) : null };
}

function publicExecution(execution: FakeExecution, includeData: boolean) {
  return {
    id: execution.id,
    finished: execution.status === "success",
    mode: "trigger",
    retryOf: null,
    retrySuccessId: null,
    status: execution.status,
    startedAt: execution.startedAt,
    stoppedAt: execution.stoppedAt,
    workflowId: execution.workflowId,
    waitTill: null,
    ...(includeData
      ? {
          data: {
            resultData: execution.errorMessage
              ? { error: { message: execution.errorMessage, name: "NodeApiError" }, runData: {} }
              : { runData: {} },
          },
        }
      : {}),
  };
}

export async function startFakeN8n(options: { apiKey?: string } = {}): Promise<FakeN8n> {
  let apiKey = options.apiKey ?? "n8n_api_fake_key_0123456789abcdef";
  let nextId = 1;
  const sockets = new Set<import("node:net").Socket>();
  const state: Omit<FakeN8n, "url" | "close"> = {
    apiKey,
    workflows: [],
    executions: [],
    mode: "normal",
    requests: [],
    delayMs: 0,
    addWorkflow: (workflow) => void state.workflows.push(workflow),
    run: (workflowId, status, runOptions = {}) => {
      const startedAt = runOptions.startedAt ?? new Date();
      const unfinished = status === "running" || status === "new" || status === "waiting";
      const execution: FakeExecution = {
        id: nextId++,
        workflowId,
        status,
        startedAt: status === "new" ? null : startedAt.toISOString(),
        stoppedAt: unfinished ? null : new Date(startedAt.getTime() + (runOptions.seconds ?? 3) * 1000).toISOString(),
        ...(runOptions.errorMessage ? { errorMessage: runOptions.errorMessage } : {}),
      };
      state.executions.push(execution);
      return execution;
    },
    finish: (id, status, finishOptions = {}) => {
      const execution = state.executions.find((item) => item.id === id);
      if (!execution) throw new Error(`no execution ${id}`);
      execution.status = status;
      execution.startedAt ??= new Date().toISOString();
      execution.stoppedAt = (finishOptions.stoppedAt ?? new Date()).toISOString();
      if (finishOptions.errorMessage) execution.errorMessage = finishOptions.errorMessage;
    },
    prune: (ids) => {
      state.executions = state.executions.filter((execution) => !ids.includes(execution.id));
    },
    revokeKey: () => {
      apiKey = `revoked-${Math.random()}`;
    },
  };

  const server = http.createServer((request, response) => {
    if (state.delayMs > 0) setTimeout(() => answer(request, response), state.delayMs);
    else answer(request, response);
  });
  function answer(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    state.requests.push(url.pathname);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(body));
    };
    if (!url.pathname.startsWith("/api/v1/")) return send(404, { message: "not found" });
    if (request.headers["x-n8n-api-key"] !== apiKey) return send(401, { message: "unauthorized" });
    switch (state.mode) {
      case "html":
        response.writeHead(200, { "content-type": "text/html" });
        return response.end("<!doctype html><title>Welcome</title><p>Some other app</p>");
      case "malformed":
        return send(200, { data: [{ id: { nested: true }, name: 42 }], nextCursor: 7 });
      case "oversized":
        response.writeHead(200, { "content-type": "application/json" });
        // about 6 MB, streamed without a length
        response.write('{"data":[');
        for (let index = 0; index < 60; index += 1) response.write(`${index ? "," : ""}"${"x".repeat(100_000)}"`);
        return response.end('],"nextCursor":null}');
      case "hang":
        return; // never answers
      case "server-error":
        return send(500, { message: "internal error" });
      case "normal":
        break;
    }
    if (url.pathname === "/api/v1/workflows") {
      return send(200, page(state.workflows.map((workflow) => ({ active: false, ...workflow, nodes: [], connections: {} })), url));
    }
    if (url.pathname === "/api/v1/executions") {
      const workflowId = url.searchParams.get("workflowId");
      const status = url.searchParams.get("status");
      const includeData = url.searchParams.get("includeData") === "true";
      const matching = state.executions
        .filter((execution) => (!workflowId || execution.workflowId === workflowId) && (!status || execution.status === status))
        .sort((a, b) => b.id - a.id)
        .map((execution) => publicExecution(execution, includeData));
      return send(200, page(matching, url));
    }
    const single = /^\/api\/v1\/executions\/(\d+)$/.exec(url.pathname);
    if (single) {
      const execution = state.executions.find((item) => item.id === Number(single[1]));
      if (!execution) return send(404, { message: "Not Found" });
      return send(200, publicExecution(execution, url.searchParams.get("includeData") === "true"));
    }
    return send(404, { message: "not found" });
  }
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as FakeN8n;
}
