// The n8n connector against real local servers (no fetch mocks): n8n's API shapes and
// hostile variants (wrong shapes, HTML, huge or endless bodies, silence, bad TLS), the
// address policy (loopback, metadata, a host name resolving inside) and the URL rules.
// The API key must never appear in an error message.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ConnectorError, getJson } from "@/lib/connectors/http";
import { createN8nClient, N8nError, testN8nConnection, type N8nConnectionTarget } from "@/lib/connectors/n8n";
import { checkAddress, classifyAddress, parseConnectionUrl, privateNetworksAllowed } from "@/lib/connectors/url-policy";

const API_KEY = "n8n_api_Sup3rS3cretKeyValue";

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;
type TestServer = { base: string; port: number; requests: string[] };

const openServers: (http.Server | https.Server)[] = [];
const errorMessages: string[] = [];

afterEach(async () => {
  await Promise.all(
    openServers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

afterAll(() => {
  // Every error message any test saw: none may carry the key.
  expect(errorMessages.length).toBeGreaterThan(20);
  for (const message of errorMessages) expect(message).not.toContain(API_KEY);
});

async function listen(server: http.Server | https.Server): Promise<number> {
  openServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A local HTTP server; `requests` records each request's path and query. */
async function serve(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? "");
    handler(request, response);
  });
  const port = await listen(server);
  return { base: `http://127.0.0.1:${port}`, port, requests };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

function target(base: string, extra: Partial<N8nConnectionTarget> = {}): N8nConnectionTarget {
  return { baseUrl: base, apiKey: API_KEY, allowPrivateNetworks: true, ...extra };
}

/** The N8nError a call rejects with; records its message for the key check. */
async function n8nFailure(call: Promise<unknown>): Promise<N8nError> {
  const error: unknown = await call.then(
    () => new Error("expected the call to fail"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(N8nError);
  const n8nError = error as N8nError;
  errorMessages.push(n8nError.message);
  return n8nError;
}

async function connectorFailure(call: Promise<unknown>): Promise<ConnectorError> {
  const error: unknown = await call.then(
    () => new Error("expected the call to fail"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  const connectorError = error as ConnectorError;
  errorMessages.push(connectorError.message);
  return connectorError;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const workflowPages: Record<string, { data: unknown[]; nextCursor: string | null }> = {
  "": { data: [{ id: "wf1", name: "CRM sync", active: true, nodes: [], tags: [] }, { id: 2, name: "Invoices", active: false }], nextCursor: "page2" },
  page2: { data: [{ id: "wf3", name: "Reports", active: true }], nextCursor: "page3" },
  page3: { data: [{ id: "wf4", name: "Backups", active: false }, { id: "wf5", name: "Alerts", active: true }], nextCursor: null },
};

/** A fake n8n: the key is checked, workflows come in three pages, executions as n8n sends them. */
function fakeN8n(routes: Record<string, (url: URL) => unknown> = {}): Handler {
  return (request, response) => {
    const url = new URL(request.url ?? "/", "http://n8n.test");
    if (request.headers["x-n8n-api-key"] !== API_KEY) {
      sendJson(response, 401, { message: "'X-N8N-API-KEY' header required" });
      return;
    }
    const route = routes[url.pathname];
    if (route !== undefined) {
      const body = route(url);
      if (body === undefined) sendJson(response, 404, { message: "Not Found" });
      else sendJson(response, 200, body);
      return;
    }
    if (url.pathname === "/api/v1/executions") {
      sendJson(response, 200, { data: [], nextCursor: null });
      return;
    }
    if (url.pathname === "/api/v1/workflows") {
      const page = workflowPages[url.searchParams.get("cursor") ?? ""];
      if (page === undefined) sendJson(response, 400, { message: "Parameter cursor is not valid" });
      else sendJson(response, 200, page);
      return;
    }
    sendJson(response, 404, { message: "Not Found" });
  };
}

describe("parseConnectionUrl", () => {
  it("normalises to origin and path without a trailing slash", () => {
    expect(parseConnectionUrl(" https://n8n.example.com/ ")).toEqual({ ok: true, url: "https://n8n.example.com" });
    expect(parseConnectionUrl("http://h:5678/sub/")).toEqual({ ok: true, url: "http://h:5678/sub" });
    expect(parseConnectionUrl("HTTPS://N8N.Example.com:443/a/b//")).toEqual({ ok: true, url: "https://n8n.example.com/a/b" });
    expect(parseConnectionUrl("http://[::1]:5678")).toEqual({ ok: true, url: "http://[::1]:5678" });
  });

  it("refuses other schemes, credentials, queries, fragments and non-URLs with one clear line", () => {
    const refused = (input: string): string => {
      const result = parseConnectionUrl(input);
      if (result.ok) throw new Error(`${input} was accepted`);
      expect(result.message).not.toContain("\n");
      return result.message;
    };
    expect(refused("ftp://n8n.example.com")).toContain("https:// or http://");
    expect(refused("file:///etc/passwd")).toContain("https:// or http://");
    expect(refused("javascript:alert(1)")).toContain("https:// or http://");
    expect(refused("https://admin:pw@n8n.example.com")).toBe(
      "Remove the user name and password from the URL: the API key is sent separately.",
    );
    expect(refused("https://admin@n8n.example.com")).toContain("user name and password");
    expect(refused("https://n8n.example.com/?x=1")).toContain("query string");
    expect(refused("https://n8n.example.com/?")).toContain("query string");
    expect(refused("https://n8n.example.com/#top")).toContain("fragment");
    expect(refused("n8n.example.com")).toContain("full URL");
    expect(refused("   ")).toContain("Enter the URL");
  });
});

describe("classifyAddress", () => {
  const table: [string, "allowed" | "private" | "forbidden"][] = [
    ["8.8.8.8", "allowed"],
    ["1.1.1.1", "allowed"],
    ["172.32.0.1", "allowed"],
    ["100.63.255.255", "allowed"],
    ["2606:4700:4700::1111", "allowed"],
    ["127.0.0.1", "private"],
    ["127.10.20.30", "private"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["::1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "forbidden"],
    ["169.254.0.1", "forbidden"],
    ["fe80::1", "forbidden"],
    ["fd00:ec2::254", "forbidden"],
    ["100.100.100.200", "forbidden"],
    ["0.0.0.0", "forbidden"],
    ["::", "forbidden"],
    ["224.0.0.1", "forbidden"],
    ["ff02::1", "forbidden"],
    ["255.255.255.255", "forbidden"],
    ["240.0.0.1", "forbidden"],
    ["192.0.2.10", "forbidden"],
    // IPv4-mapped (dotted and hex), NAT64 and 6to4 forms are judged as the IPv4 inside.
    ["::ffff:8.8.8.8", "allowed"],
    ["::ffff:127.0.0.1", "private"],
    ["::ffff:7f00:1", "private"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "forbidden"],
    ["::ffff:a9fe:a9fe", "forbidden"],
    ["64:ff9b::a9fe:a9fe", "forbidden"],
    ["2002:a9fe:a9fe::1", "forbidden"],
    // Anything that is not a canonical address fails closed.
    ["not-an-ip", "forbidden"],
    ["010.0.0.1", "forbidden"],
    ["2130706433", "forbidden"],
  ];
  it.each(table)("%s is %s", (ip, verdict) => {
    expect(classifyAddress(ip)).toBe(verdict);
  });
});

describe("privateNetworksAllowed and checkAddress", () => {
  it("reads CONNECTORS_ALLOW_PRIVATE_NETWORKS, defaulting to allowed outside production", () => {
    expect(privateNetworksAllowed({})).toBe(true);
    expect(privateNetworksAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(privateNetworksAllowed({ NODE_ENV: "test" })).toBe(true);
    expect(privateNetworksAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(privateNetworksAllowed({ NODE_ENV: "production", CONNECTORS_ALLOW_PRIVATE_NETWORKS: "true" })).toBe(true);
    expect(privateNetworksAllowed({ NODE_ENV: "production", CONNECTORS_ALLOW_PRIVATE_NETWORKS: "1" })).toBe(true);
    expect(privateNetworksAllowed({ NODE_ENV: "development", CONNECTORS_ALLOW_PRIVATE_NETWORKS: "false" })).toBe(false);
    expect(privateNetworksAllowed({ CONNECTORS_ALLOW_PRIVATE_NETWORKS: "0" })).toBe(false);
  });

  it("explains a refusal in one sentence, and says nothing for a usable address", () => {
    expect(checkAddress("8.8.8.8", false)).toBeNull();
    expect(checkAddress("10.0.0.5", true)).toBeNull();
    expect(checkAddress("10.0.0.5", false)).toBe(
      "n8n's address 10.0.0.5 is on a private network; set CONNECTORS_ALLOW_PRIVATE_NETWORKS=true to allow it.",
    );
    expect(checkAddress("169.254.169.254", true)).toBe(
      "n8n's address 169.254.169.254 is a link-local or cloud metadata address and is never contacted.",
    );
    expect(checkAddress("127.0.0.1", false, "localhost")).toContain("localhost resolves to 127.0.0.1");
    expect(checkAddress("0.0.0.0", true)).toContain("never contacted");
  });
});

describe("n8n client: data", () => {
  it("follows nextCursor through every workflow page, coercing numeric ids", async () => {
    const server = await serve(fakeN8n());
    const client = createN8nClient(target(server.base));

    const first = await client.listWorkflows();
    expect(first).toEqual({
      data: [
        { id: "wf1", name: "CRM sync", active: true },
        { id: "2", name: "Invoices", active: false },
      ],
      nextCursor: "page2",
    });
    expect(server.requests[0]).toBe("/api/v1/workflows?limit=100");

    const all = await client.listAllWorkflows();
    expect(all.map((workflow) => workflow.id)).toEqual(["wf1", "2", "wf3", "wf4", "wf5"]);
    expect(server.requests.slice(1)).toEqual([
      "/api/v1/workflows?limit=100",
      "/api/v1/workflows?limit=100&cursor=page2",
      "/api/v1/workflows?limit=100&cursor=page3",
    ]);

    expect(await client.listAllWorkflows(2)).toHaveLength(3);

    const tested = await testN8nConnection(target(server.base));
    expect(tested).toEqual({ ok: true, workflows: 5, message: "Connected: n8n answered and accepted the key; 5 workflows found." });
  });

  it("fails the test when the key may list workflows but not executions", async () => {
    const server = await serve(
      fakeN8n({ "/api/v1/executions": () => undefined }),
    );
    const noScope = await serve((request, response) => {
      if (new URL(request.url ?? "/", "http://n8n.test").pathname === "/api/v1/executions") {
        sendJson(response, 403, { message: "Forbidden" });
        return;
      }
      fakeN8n()(request, response);
    });
    expect(await testN8nConnection(target(noScope.base))).toMatchObject({ ok: false, kind: "key_refused" });
    expect(await testN8nConnection(target(server.base))).toMatchObject({ ok: false, kind: "not_n8n" });
  });

  it("refuses a server that hands back a cursor it already gave", async () => {
    const server = await serve(fakeN8n({ "/api/v1/workflows": () => ({ data: [], nextCursor: "again" }) }));
    const error = await n8nFailure(createN8nClient(target(server.base)).listAllWorkflows());
    expect(error.kind).toBe("bad_response");
    expect(server.requests).toHaveLength(2);
  });

  it("parses executions: ids coerced, null and missing times, unknown statuses kept, extra fields dropped", async () => {
    const server = await serve(
      fakeN8n({
        "/api/v1/executions": () => ({
          data: [
            { id: 1042, finished: false, mode: "trigger", status: "waiting", startedAt: "2025-05-01T10:00:00.000Z", stoppedAt: null, workflowId: 7, waitTill: "2025-05-02T00:00:00.000Z", retryOf: null },
            { id: "1041", finished: true, mode: "manual", status: "success", startedAt: "2025-05-01T09:00:00.000Z", stoppedAt: "2025-05-01T09:00:03.120Z", workflowId: "NexusOk000000001" },
            { id: "1040", finished: false, mode: "webhook", status: "something-new", workflowId: "NexusFail0000001" },
          ],
          nextCursor: "eyJsYXN0SWQiOiIxMDQwIn0",
        }),
      }),
    );
    const client = createN8nClient(target(server.base));
    const page = await client.listExecutions({ limit: 1000, workflowId: "NexusOk000000001", cursor: "abc" });
    expect(page).toEqual({
      data: [
        { id: "1042", workflowId: "7", status: "waiting", finished: false, mode: "trigger", startedAt: "2025-05-01T10:00:00.000Z", stoppedAt: null },
        { id: "1041", workflowId: "NexusOk000000001", status: "success", finished: true, mode: "manual", startedAt: "2025-05-01T09:00:00.000Z", stoppedAt: "2025-05-01T09:00:03.120Z" },
        { id: "1040", workflowId: "NexusFail0000001", status: "something-new", finished: false, mode: "webhook", startedAt: null, stoppedAt: null },
      ],
      nextCursor: "eyJsYXN0SWQiOiIxMDQwIn0",
    });
    const asked = new URL(server.requests[0] ?? "", "http://x");
    expect(asked.pathname).toBe("/api/v1/executions");
    expect(Object.fromEntries(asked.searchParams)).toEqual({ limit: "250", includeData: "false", cursor: "abc", workflowId: "NexusOk000000001" });

    await client.listExecutions({});
    expect(server.requests[1]).toBe("/api/v1/executions?limit=100&includeData=false");
  });

  it("gets one execution by an encoded id, and null for one n8n does not have", async () => {
    const execution = { id: 55, finished: true, mode: "manual", status: "error", startedAt: "2025-05-01T09:00:00.000Z", stoppedAt: "2025-05-01T09:00:01.000Z", workflowId: "NexusFail0000001" };
    const server = await serve(fakeN8n({ "/api/v1/executions/55": () => execution }));
    const client = createN8nClient(target(server.base));
    expect(await client.getExecution("55")).toEqual({ ...execution, id: "55" });
    expect(await client.getExecution("a/../b?c#d")).toBeNull();
    expect(server.requests[1]).toBe("/api/v1/executions/a%2F..%2Fb%3Fc%23d");
  });

  it("extracts an execution's error: the run error, its description, then the first failing node; capped at 2,000 characters", async () => {
    const longMessage = `${"x".repeat(4_999)}😀 tail`;
    const bodies: Record<string, unknown> = {
      top: { id: "1", data: { resultData: { error: { message: "  The service refused the connection - perhaps it is offline  " }, runData: {} } } },
      description: { id: "2", data: { resultData: { error: { message: "", description: "Only a description" } } } },
      node: {
        id: "3",
        data: {
          resultData: {
            runData: {
              Start: [{ startTime: 1, data: {} }],
              "Call CRM": [null, { error: { message: "ECONNREFUSED 127.0.0.1:9", name: "NodeApiError" } }],
              Later: [{ error: { message: "a later node" } }],
            },
          },
        },
      },
      none: { id: "4", status: "success", data: { resultData: { runData: { Start: [{ data: {} }] } } } },
      nodata: { id: "5", status: "success" },
      long: { id: "6", data: { resultData: { error: { message: longMessage } } } },
    };
    const server = await serve((request, response) => {
      const url = new URL(request.url ?? "/", "http://x");
      const body = bodies[url.pathname.replace("/api/v1/executions/", "")];
      expect(url.searchParams.get("includeData")).toBe("true");
      if (body === undefined) sendJson(response, 404, { message: "Not Found" });
      else sendJson(response, 200, body);
    });
    const client = createN8nClient(target(server.base));
    expect(await client.getExecutionError("top")).toBe("The service refused the connection - perhaps it is offline");
    expect(await client.getExecutionError("description")).toBe("Only a description");
    expect(await client.getExecutionError("node")).toBe("ECONNREFUSED 127.0.0.1:9");
    expect(await client.getExecutionError("none")).toBeNull();
    expect(await client.getExecutionError("nodata")).toBeNull();
    expect(await client.getExecutionError("missing")).toBeNull();
    const clipped = await client.getExecutionError("long");
    expect(clipped).toHaveLength(2_000);
    expect(clipped?.endsWith("…")).toBe(true);
  });
});

describe("n8n client: refusals and broken answers", () => {
  it("maps 401 and 403 to key_refused without echoing the key", async () => {
    for (const status of [401, 403]) {
      const server = await serve((_request, response) => sendJson(response, status, { message: `Unauthorized key ${API_KEY}` }));
      const error = await n8nFailure(createN8nClient(target(server.base)).listWorkflows());
      expect(error.kind).toBe("key_refused");
      expect(error.status).toBe(status);
      expect(error.message).toContain(`refused the API key (${status})`);
      const tested = await testN8nConnection(target(server.base));
      expect(tested).toMatchObject({ ok: false, kind: "key_refused" });
      if (!tested.ok) errorMessages.push(tested.message);
    }
    const real = await serve(fakeN8n());
    const wrongKey = await n8nFailure(createN8nClient({ ...target(real.base), apiKey: "wrong" }).listWorkflows());
    expect(wrongKey.kind).toBe("key_refused");
  });

  it("refuses a key no n8n would issue without sending it", async () => {
    const server = await serve(fakeN8n());
    const error = await n8nFailure(createN8nClient({ ...target(server.base), apiKey: `${API_KEY}\r\nX-Injected: 1` }).listWorkflows());
    expect(error.kind).toBe("key_refused");
    expect(server.requests).toHaveLength(0);
  });

  it("calls an HTML page, a 404 and foreign JSON not_n8n", async () => {
    const html = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end("<!doctype html><html><body>Welcome to nginx</body></html>");
    });
    const htmlError = await n8nFailure(createN8nClient(target(html.base)).listWorkflows());
    expect(htmlError.kind).toBe("not_n8n");
    expect(htmlError.message).toContain("does not look like an n8n API");
    expect(htmlError.message).toContain("HTML page");

    const notFound = await serve((_request, response) => sendJson(response, 404, { message: "Not Found" }));
    const notFoundError = await n8nFailure(createN8nClient(target(notFound.base)).listWorkflows());
    expect(notFoundError).toMatchObject({ kind: "not_n8n", status: 404 });
    expect((await n8nFailure(createN8nClient(target(notFound.base)).listExecutions({}))).kind).toBe("not_n8n");

    const foreign = await serve((_request, response) => sendJson(response, 200, { hello: "world" }));
    expect((await n8nFailure(createN8nClient(target(foreign.base)).listWorkflows())).kind).toBe("not_n8n");
    expect((await n8nFailure(createN8nClient(target(foreign.base)).getExecution("1"))).kind).toBe("not_n8n");
  });

  it("rejects a whole response when any part does not fit, naming the first misfit", async () => {
    const cases: [unknown, string][] = [
      [{ data: [{ id: "a", name: "ok", active: true }, { id: "b", name: 5, active: true }], nextCursor: null }, "data[1].name"],
      [{ data: [{ id: null, name: "x", active: true }], nextCursor: null }, "data[0].id"],
      [{ data: [{ id: "a", name: "x", active: "yes" }], nextCursor: null }, "data[0].active"],
      [{ data: [], nextCursor: 42 }, "nextCursor"],
    ];
    for (const [body, where] of cases) {
      const server = await serve((_request, response) => sendJson(response, 200, body));
      const error = await n8nFailure(createN8nClient(target(server.base)).listWorkflows());
      expect(error.kind).toBe("bad_response");
      expect(error.message).toContain(where);
    }
    const executions = await serve((_request, response) =>
      sendJson(response, 200, { data: [{ id: "1", finished: "no", mode: "manual", status: "success", workflowId: "w" }], nextCursor: null }),
    );
    const error = await n8nFailure(createN8nClient(target(executions.base)).listExecutions({}));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data[0].finished");
  });

  it("reports other statuses as http_error, redacting a key the server echoes, and does not follow redirects", async () => {
    const failing = await serve((_request, response) => sendJson(response, 500, { message: `Internal error for key ${API_KEY}` }));
    const error = await n8nFailure(createN8nClient(target(failing.base)).listWorkflows());
    expect(error).toMatchObject({ kind: "http_error", status: 500 });
    expect(error.message).toContain("Internal error for key [key]");

    const landing = await serve(fakeN8n());
    const redirecting = await serve((_request, response) => {
      response.writeHead(302, { Location: `${landing.base}/api/v1/workflows` });
      response.end();
    });
    const redirectError = await n8nFailure(createN8nClient(target(redirecting.base)).listWorkflows());
    expect(redirectError).toMatchObject({ kind: "http_error", status: 302 });
    expect(landing.requests).toHaveLength(0);
  });

  it("refuses an invalid base URL before any request", async () => {
    for (const baseUrl of ["ftp://127.0.0.1", "http://user:pw@127.0.0.1", "http://127.0.0.1/?a=1"]) {
      const error = await n8nFailure(createN8nClient(target(baseUrl)).listWorkflows());
      expect(error.kind).toBe("refused_address");
      const tested = await testN8nConnection(target(baseUrl));
      expect(tested).toMatchObject({ ok: false, kind: "refused_address" });
    }
  });
});

describe("transport limits", () => {
  it("stops at maxBytes, with and without a Content-Length", async () => {
    const big = JSON.stringify({ data: Array.from({ length: 200 }, (_, i) => ({ id: `wf${i}`, name: "x".repeat(50), active: true })), nextCursor: null });
    const declared = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(big) });
      response.end(big);
    });
    const declaredError = await n8nFailure(createN8nClient(target(declared.base, { maxBytes: 1_000 })).listWorkflows());
    expect(declaredError.kind).toBe("too_large");

    // An endless chunked body: the client must stop reading and hang up.
    let closedByClient: () => void = () => {};
    const hungUp = new Promise<void>((resolve) => (closedByClient = resolve));
    const endless = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"data":[');
      const pump = setInterval(() => response.write(`{"id":"x","name":"${"y".repeat(500)}","active":true},`), 2);
      response.on("close", () => {
        clearInterval(pump);
        closedByClient();
      });
    });
    const started = Date.now();
    const endlessError = await n8nFailure(createN8nClient(target(endless.base, { maxBytes: 20_000, timeoutMs: 5_000 })).listWorkflows());
    expect(endlessError.kind).toBe("too_large");
    expect(Date.now() - started).toBeLessThan(2_000);
    await hungUp;
  });

  it("times out within timeoutMs when a server never answers, or stalls mid-body", async () => {
    const silent = await serve(() => {});
    let started = Date.now();
    const silentError = await n8nFailure(createN8nClient(target(silent.base, { timeoutMs: 300 })).listWorkflows());
    let elapsed = Date.now() - started;
    expect(silentError.kind).toBe("timeout");
    expect(silentError.message).toContain("300 ms");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);

    const stalling = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"data":[');
    });
    started = Date.now();
    const stallError = await n8nFailure(createN8nClient(target(stalling.base, { timeoutMs: 300 })).listWorkflows());
    elapsed = Date.now() - started;
    expect(stallError.kind).toBe("timeout");
    expect(elapsed).toBeLessThan(1_000);
  });

  it("reports a closed port as unreachable", async () => {
    const port = await closedPort();
    const error = await n8nFailure(createN8nClient(target(`http://127.0.0.1:${port}`)).listWorkflows());
    expect(error.kind).toBe("unreachable");
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it("reports https:// to a plain HTTP server as a TLS failure", async () => {
    const plain = await serve(fakeN8n());
    const error = await n8nFailure(createN8nClient(target(`https://127.0.0.1:${plain.port}`)).listWorkflows());
    expect(error.kind).toBe("tls");
  });

  const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
  it.skipIf(!hasOpenssl)("refuses a self-signed certificate as a TLS failure", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "n8n-tls-"));
    try {
      const made = spawnSync("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      ]);
      expect(made.status).toBe(0);
      const server = https.createServer(
        { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) },
        fakeN8n(),
      );
      const port = await listen(server);
      const error = await n8nFailure(createN8nClient(target(`https://127.0.0.1:${port}`)).listWorkflows());
      expect(error.kind).toBe("tls");
      expect(error.message).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("address policy", () => {
  it("refuses loopback when private networks are not allowed, without connecting", async () => {
    const server = await serve(fakeN8n());
    for (const base of [server.base, `http://[::1]:${server.port}`, `http://[::ffff:127.0.0.1]:${server.port}`]) {
      const error = await n8nFailure(createN8nClient(target(base, { allowPrivateNetworks: false })).listWorkflows());
      expect(error.kind).toBe("refused_address");
      expect(error.message).toContain("CONNECTORS_ALLOW_PRIVATE_NETWORKS=true");
    }
    expect(server.requests).toHaveLength(0);
  });

  it("refuses the cloud metadata address even when private networks are allowed, before any connection", async () => {
    for (const base of ["http://169.254.169.254", "http://[fd00:ec2::254]", "http://100.100.100.200", "http://[::ffff:169.254.169.254]"]) {
      const started = Date.now();
      const error = await n8nFailure(createN8nClient(target(base, { allowPrivateNetworks: true, timeoutMs: 10_000 })).listWorkflows());
      expect(error.kind).toBe("refused_address");
      expect(error.message).toContain("never contacted");
      expect(Date.now() - started).toBeLessThan(100);
    }
  });

  it("checks what a host name resolves to at connect time", async () => {
    const server = await serve(fakeN8n());
    const refused = await n8nFailure(createN8nClient(target(`http://localhost:${server.port}`, { allowPrivateNetworks: false })).listWorkflows());
    expect(refused.kind).toBe("refused_address");
    expect(refused.message).toMatch(/n8n's host localhost resolves to (127\.0\.0\.1|::1), which is on a private network/);
    expect(server.requests).toHaveLength(0);

    const allowed = await createN8nClient(target(`http://localhost:${server.port}`, { allowPrivateNetworks: true })).listWorkflows();
    expect(allowed.data).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });
});

describe("getJson", () => {
  it("returns non-2xx answers with their JSON body, or null when the body is not JSON", async () => {
    const server = await serve((request, response) => {
      if (request.url === "/json") sendJson(response, 418, { message: "teapot" });
      else if (request.url === "/moved") {
        response.writeHead(301, { Location: "/elsewhere", "Content-Type": "text/html" });
        response.end("<a href=/elsewhere>moved</a>");
      } else if (request.url === "/text") {
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.end("hello");
      } else sendJson(response, 200, { ok: true });
    });
    const options = { timeoutMs: 2_000, maxBytes: 10_000, allowPrivateNetworks: true };
    expect(await getJson(`${server.base}/json`, options)).toEqual({ status: 418, body: { message: "teapot" }, contentType: "application/json; charset=utf-8" });
    expect(await getJson(`${server.base}/moved`, options)).toEqual({ status: 301, body: null, contentType: "text/html" });
    expect(await getJson(`${server.base}/ok`, options)).toMatchObject({ status: 200, body: { ok: true } });
    const notJson = await connectorFailure(getJson(`${server.base}/text`, options));
    expect(notJson.kind).toBe("not_json");
    expect(notJson.message).toContain("text/plain");
    expect(server.requests).not.toContain("/elsewhere");
  });

  it("refuses non-http schemes and forbidden literal addresses", async () => {
    const options = { timeoutMs: 2_000, maxBytes: 10_000, allowPrivateNetworks: true };
    expect((await connectorFailure(getJson("file:///etc/passwd", options))).kind).toBe("refused_address");
    expect((await connectorFailure(getJson("http://[fe80::1]/", options))).kind).toBe("refused_address");
    expect((await connectorFailure(getJson("http://0.0.0.0:1/", options))).kind).toBe("refused_address");
  });
});
