// The n8n peer harness itself, against a real n8n 1.123.81: import the shared fixture
// workflows, run two of them, read them back through n8n's public API, revoke the key.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startN8n, type N8nPeer } from "./support/n8n";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixturesDir = path.resolve(repoRoot, "../shared/fixtures/n8n");

const SUCCEEDS = "NexusOk000000001";
const FAILS = "NexusFail0000001";
const PUSHES = "NexusPush0000001";
const REFUSED = "The service refused the connection - perhaps it is offline";

// Only for this harness test: the push workflow is imported, never run.
const pushPlaceholders: Record<string, string> = {
  NEXUS_URL: "http://127.0.0.1:9",
  NEXUS_KEY: "nxk_dummy",
  NEXUS_WORKFLOW_ID: "00000000-0000-4000-8000-00000000a001",
};

async function loadFixture(file: string, replacements: Record<string, string> = {}): Promise<unknown[]> {
  let text = await readFile(path.join(fixturesDir, file), "utf8");
  for (const [placeholder, value] of Object.entries(replacements)) text = text.replaceAll(placeholder, value);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected an array of workflows`);
  return parsed;
}

const workflowList = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
  nextCursor: z.string().nullable().optional(),
});

const executionList = z.object({
  data: z.array(
    z.object({
      id: z.union([z.string(), z.number()]),
      status: z.string(),
      finished: z.boolean(),
      workflowId: z.string(),
      data: z
        .object({ resultData: z.object({ error: z.object({ message: z.string() }).optional() }) })
        .optional(),
    }),
  ),
  nextCursor: z.string().nullable().optional(),
});

async function publicApi(peer: N8nPeer, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${peer.url}/api/v1${route}`, {
    headers: { "X-N8N-API-KEY": peer.apiKey, accept: "application/json" },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body };
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

describe("n8n peer harness (real n8n 1.123.81)", () => {
  let peer: N8nPeer | undefined;

  const running = (): N8nPeer => {
    if (!peer) throw new Error("n8n did not start (see the beforeAll error)");
    return peer;
  };

  beforeAll(async () => {
    const postgresAdminUrl = process.env.TEST_DATABASE_URL;
    if (!postgresAdminUrl) {
      throw new Error(
        "TEST_DATABASE_URL is not set: the peer suite needs a loopback PostgreSQL superuser URL " +
          "(e.g. postgres://postgres@127.0.0.1:55433/postgres; .ci/run starts one and sets it).",
      );
    }
    let since = performance.now();
    peer = await startN8n({ postgresAdminUrl });
    console.info(`[n8n peer] startN8n (database, start, owner, API key): ${seconds(since)}`);

    since = performance.now();
    await peer.importWorkflows([
      ...(await loadFixture("succeeds.json")),
      ...(await loadFixture("fails.json")),
      ...(await loadFixture("reports-to-nexus.json", pushPlaceholders)),
    ]);
    console.info(`[n8n peer] import:workflow (3 workflows): ${seconds(since)}`);

    for (const id of [SUCCEEDS, FAILS]) {
      since = performance.now();
      await peer.execute(id);
      console.info(`[n8n peer] execute --id=${id}: ${seconds(since)}`);
    }
  });

  afterAll(async () => {
    const since = performance.now();
    await peer?.stop();
    console.info(`[n8n peer] stop: ${seconds(since)}`);
  });

  it("lists the three imported workflows through the public API", async () => {
    const response = await publicApi(running(), "/workflows");
    expect(response.status).toBe(200);
    const { data } = workflowList.parse(response.body);
    expect(data.map((workflow) => workflow.id).sort()).toEqual([FAILS, SUCCEEDS, PUSHES].sort());
    expect(data.every((workflow) => !workflow.active)).toBe(true);
  });

  it("reports one succeeded and one failed execution, with the failure's message", async () => {
    const response = await publicApi(running(), "/executions?includeData=true&limit=100");
    expect(response.status).toBe(200);
    const { data } = executionList.parse(response.body);
    expect(data).toHaveLength(2);

    const succeeded = data.filter((execution) => execution.workflowId === SUCCEEDS);
    expect(succeeded.map((execution) => execution.status)).toEqual(["success"]);

    const failed = data.filter((execution) => execution.workflowId === FAILS);
    expect(failed.map((execution) => execution.status)).toEqual(["error"]);
    expect(failed[0]?.data?.resultData.error?.message).toBe(REFUSED);
  });

  it("answers 401 once the API key is revoked", async () => {
    const peer = running();
    expect((await publicApi(peer, "/workflows")).status).toBe(200);
    await peer.revokeApiKey();
    expect((await publicApi(peer, "/workflows")).status).toBe(401);
    expect((await publicApi(peer, "/executions")).status).toBe(401);
  });
});
