// The stop every Nexus process shares (scripts/lib/lifecycle.mjs), on a small stand-in
// process: graceful on the first signal; one Ctrl+C delivered twice (by the terminal and by
// a parent) is still one request; a second signal later stops at once; children of a parent
// killed with SIGKILL exit by themselves, with or without an IPC channel to it.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isRunning, waitForExitOfAll, waitUntil } from "../support/processes";

function stopper(args: string[], graceMs: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/process/fixtures/stopper.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, GRACE_MS: String(graceMs) },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: Date.now() })));
  const ready = waitUntil(() => output.includes(`ready ${child.pid}`), 30_000, "the stand-in to start");
  return { child, output: () => output, exited, ready };
}

describe("stopping a Nexus process", () => {
  it("stops gracefully on SIGTERM, SIGINT and SIGHUP", async () => {
    for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
      const stopping = stopper([], 300);
      await stopping.ready;
      stopping.child.kill(signal);
      expect((await stopping.exited).code).toBe(0);
      expect(stopping.output()).toContain(`: ${signal}`);
      expect(stopping.output()).not.toContain("immediate");
    }
  });

  it("counts signals within a second as one, and stops at once on a later one", async () => {
    const once = stopper([], 1_500);
    await once.ready;
    once.child.kill("SIGINT");
    setTimeout(() => once.child.kill("SIGTERM"), 100);
    expect((await once.exited).code).toBe(0);
    expect(once.output()).not.toContain("immediate");

    const twice = stopper([], 30_000);
    await twice.ready;
    twice.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const second = Date.now();
    twice.child.kill("SIGTERM");
    const { code, at } = await twice.exited;
    expect(code).toBe(1);
    expect(at - second).toBeLessThan(1_000);
    expect(twice.output()).toContain("immediate");
  });

  it("children exit by themselves when their parent is killed with SIGKILL", async () => {
    const parent = stopper(["parent"], 0);
    await parent.ready;
    const match = await waitUntil(() => /children (\d+) (\d+)/.exec(parent.output()), 10_000, "the children");
    const children = [Number(match[1]), Number(match[2])];
    await waitUntil(() => children.every((pid) => parent.output().includes(`ready ${pid}`)), 30_000, "the children to start");
    parent.child.kill("SIGKILL");
    await parent.exited;
    const took = await waitForExitOfAll(children, 5_000);
    expect(took).toBeLessThan(3_000);
    expect(children.some((pid) => isRunning(pid))).toBe(false);
    expect(parent.output()).toMatch(/graceful \d+: the parent process closed its channel/);
    expect(parent.output()).toMatch(/graceful \d+: the parent process \d+ exited/);
  });
});
