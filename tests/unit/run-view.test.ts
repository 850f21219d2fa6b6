import { describe, expect, it } from "vitest";
import { engineRunIds } from "@/db/queries/executions";
import { engineRunUrl, runHistory } from "@/lib/run-view";

const engine = { baseUrl: "https://n8n.acme.example.com", externalWorkflowId: "Ab12Cd34Ef56Gh78" };

describe("engineRunUrl", () => {
  it("links an n8n connection's run to its execution in n8n", () => {
    expect(engineRunUrl("n8n-4812", engine)).toBe("https://n8n.acme.example.com/workflow/Ab12Cd34Ef56Gh78/executions/4812");
  });

  it("keeps a base URL's path and drops its trailing slash", () => {
    expect(engineRunUrl("n8n-7", { ...engine, baseUrl: "https://tools.example.com/n8n/" })).toBe(
      "https://tools.example.com/n8n/workflow/Ab12Cd34Ef56Gh78/executions/7",
    );
  });

  it("has no link for runs of other engines, unmapped workflows or odd ids and URLs", () => {
    expect(engineRunUrl("make-99", engine)).toBeNull();
    expect(engineRunUrl("n8n-4812", null)).toBeNull();
    expect(engineRunUrl("n8n-12/../../admin", engine)).toBeNull();
    expect(engineRunUrl("n8n-1", { ...engine, baseUrl: "javascript:alert(1)" })).toBeNull();
    expect(engineRunUrl("n8n-1", { ...engine, baseUrl: "not a url" })).toBeNull();
  });

  it("encodes the n8n workflow id as a path segment", () => {
    expect(engineRunUrl("n8n-1", { ...engine, externalWorkflowId: "a/b?c" })).toBe("https://n8n.acme.example.com/workflow/a%2Fb%3Fc/executions/1");
  });
});

describe("engineRunIds", () => {
  it("finds an n8n run by its bare execution id too", () => {
    expect(engineRunIds(" 4812 ")).toEqual(["4812", "n8n-4812"]);
    expect(engineRunIds("n8n-4812")).toEqual(["n8n-4812"]);
    expect(engineRunIds("zap-run-7")).toEqual(["zap-run-7"]);
  });
});

describe("runHistory", () => {
  const at = (time: string) => new Date(`2026-12-01T${time}Z`);

  it("a run reported once, finished: started, first reported in its status, finished", () => {
    const history = runHistory({
      status: "failed",
      startedAt: at("09:00:00"),
      finishedAt: at("09:00:42"),
      firstReportedAt: at("09:00:43"),
      lastChangedAt: at("09:00:43"),
    });
    expect(history.map((entry) => entry.label)).toEqual(["Started", "Finished, failed", "First reported to Nexus, failed"]);
  });

  it("a run reported running, then finished: the later change is its own entry", () => {
    const history = runHistory({
      status: "succeeded",
      startedAt: at("09:00:00"),
      finishedAt: at("09:05:00"),
      firstReportedAt: at("09:00:01"),
      lastChangedAt: at("09:05:02"),
    });
    expect(history.map((entry) => [entry.label, entry.clock])).toEqual([
      ["Started", "engine"],
      ["First reported to Nexus", "nexus"],
      ["Finished, succeeded", "engine"],
      ["Last changed by a report: now succeeded", "nexus"],
    ]);
  });

  it("a run still running has no finish", () => {
    const history = runHistory({ status: "running", startedAt: at("09:00:00"), finishedAt: null, firstReportedAt: at("09:00:01"), lastChangedAt: at("09:00:01") });
    expect(history.map((entry) => entry.label)).toEqual(["Started", "First reported to Nexus, running"]);
  });

  it("with kept events: each change in the order Nexus saw it, between the engine's start and finish", () => {
    const run = { status: "succeeded" as const, startedAt: at("09:00:00"), finishedAt: at("09:05:00"), firstReportedAt: at("09:00:01"), lastChangedAt: at("09:06:00") };
    const history = runHistory(run, [
      { status: "running", seenAt: at("09:00:01") },
      { status: "failed", seenAt: at("09:02:00") },
      { status: "failed", seenAt: at("09:03:00") },
      { status: "succeeded", seenAt: at("09:06:00") },
    ]);
    expect(history.map((entry) => [entry.label, entry.status, entry.clock])).toEqual([
      ["Started", null, "engine"],
      ["First reported to Nexus, running", "running", "nexus"],
      ["Changed by a report: now failed", "failed", "nexus"],
      ["Changed by a report: still failed, finish or error updated", "failed", "nexus"],
      ["Finished, succeeded", "succeeded", "engine"],
      ["Changed by a report: now succeeded", "succeeded", "nexus"],
    ]);
  });

  it("events seen at the same moment keep their order; a backfilled first report has no status", () => {
    const run = { status: "failed" as const, startedAt: at("09:00:00"), finishedAt: at("09:00:30"), firstReportedAt: at("09:00:01"), lastChangedAt: at("09:01:00") };
    const same = runHistory(run, [
      { status: "running", seenAt: at("09:01:00") },
      { status: "failed", seenAt: at("09:01:00") },
    ]);
    expect(same.filter((entry) => entry.clock === "nexus").map((entry) => entry.status)).toEqual(["running", "failed"]);
    const backfilled = runHistory(run, [
      { status: null, seenAt: at("09:00:01") },
      { status: "failed", seenAt: at("09:01:00") },
    ]);
    expect(backfilled.filter((entry) => entry.clock === "nexus").map((entry) => entry.label)).toEqual([
      "First reported to Nexus",
      "Changed by a report: now failed",
    ]);
  });
});
