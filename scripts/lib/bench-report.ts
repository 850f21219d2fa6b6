// The benchmark's one results table (printed, and written into BENCHMARKS.md between the
// results markers, so the explanation above them stays as written).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Latencies } from "./bench-http";

export const PAGE_P95_TARGET_MS = 200;
export const INGESTION_TARGET_PER_SECOND = 500;

const CONNECTIONS_NOTE = "10 concurrent connections per page and for ingestion";
const RESULTS_START = "<!-- bench:results:start -->";
const RESULTS_END = "<!-- bench:results:end -->";

export type PageMeasurement = {
  path: string;
  /** who was signed in on the connections */
  users: string;
  latency: Latencies;
  requestsPerSecond: number;
  requests: number;
  failures: number;
};

export type IngestionMeasurement = {
  /** reports per request, or null for one report per request */
  batch: number | null;
  requestsPerSecond: number;
  /** accepted reports (new runs and finish updates) per second */
  reportsPerSecond: number;
  /** new runs recorded per second */
  runsPerSecond: number;
  latency: Latencies;
  created: number;
  updated: number;
  rowsInWindow: number;
  lost: number;
  duplicated: number;
  leftRunning: number;
  rollupMatches: boolean;
  failures: number;
  durationSeconds: number;
};

/** One key flooding past its rate limit while another company's client loads its dashboard (issue 20). */
export type NoisyNeighbourMeasurement = {
  page: string;
  pageConnections: number;
  floodConnections: number;
  quiet: Latencies;
  flood: Latencies;
  /** the flood's answers */
  accepted: number;
  refused: number;
  otherStatuses: number;
  floodRequestsPerSecond: number;
  acceptedPerSecond: number;
  /** accepted runs whose row is missing, rows beyond the accepted ones, duplicates */
  lost: number;
  extraRows: number;
  duplicated: number;
  /** the limiter's statement alone, sequential, ms */
  limiter: Latencies;
  pageFailures: number;
};

export const NOISY_P95_RATIO_TARGET = 1.5;

export function noisyPasses(noisy: NoisyNeighbourMeasurement): boolean {
  return (
    noisy.flood.p95 <= noisy.quiet.p95 * NOISY_P95_RATIO_TARGET &&
    noisy.refused > 0 &&
    noisy.lost === 0 &&
    noisy.extraRows === 0 &&
    noisy.duplicated === 0 &&
    noisy.otherStatuses === 0 &&
    noisy.pageFailures === 0
  );
}

export type RealtimeMeasurement = { events: number; p50: number; p95: number; p99: number; max: number };

export type BenchReport = {
  startedAt: Date;
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string; loadAtStart: number[]; loadAtEnd: number[] };
  data: { companies: number; workflows: number; runs: number; steps: { label: string; seconds: number }[] };
  floor: PageMeasurement;
  pages: PageMeasurement[];
  ingestion: IngestionMeasurement[];
  noisy: NoisyNeighbourMeasurement | null;
  realtime: RealtimeMeasurement;
};

const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : "–");
const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");

export function pagePasses(page: PageMeasurement): boolean {
  return page.failures === 0 && page.latency.p95 < PAGE_P95_TARGET_MS;
}

export function ingestionPasses(ingestion: IngestionMeasurement): boolean {
  return ingestion.reportsPerSecond > INGESTION_TARGET_PER_SECOND && ingestion.lost === 0 && ingestion.duplicated === 0;
}

/** The results as markdown: one table with every measurement and verdict, then the machine and the data. */
export function renderResults(report: BenchReport): string {
  const { machine, data, floor, pages, ingestion, noisy, realtime } = report;
  const when = report.startedAt.toISOString().replace("T", " ").slice(0, 16);
  const pageRow = (page: PageMeasurement, isFloor = false) =>
    [
      `\`${page.path}\` (${page.users})`,
      ms(page.latency.p50),
      ms(page.latency.p95),
      ms(page.latency.p99),
      `${page.requestsPerSecond.toFixed(1)} req/s`,
      ms(floor.latency.p95),
      isFloor ? "1.0×" : `${(page.latency.p95 / floor.latency.p95).toFixed(1)}×`,
      `${integer(page.requests)} responses, ${page.failures} non-2xx`,
      isFloor ? "–" : `p95 < ${PAGE_P95_TARGET_MS} ms`,
      isFloor ? "floor" : verdict(pagePasses(page)),
    ];
  const ingestionRow = (ingestion: IngestionMeasurement) => {
    const checks = [
      `${integer(ingestion.created)} runs created + ${integer(ingestion.updated)} updates in ${ingestion.durationSeconds.toFixed(1)} s`,
      `rows in window ${integer(ingestion.rowsInWindow)}`,
      `lost ${ingestion.lost}`,
      `duplicated ${ingestion.duplicated}`,
      `left running ${ingestion.leftRunning}`,
      `rollup = raw: ${ingestion.rollupMatches ? "yes" : "NO"}`,
      `${ingestion.failures} non-2xx`,
    ].join(", ");
    return [
      `ingestion \`POST /api/v1/executions\`, ${ingestion.batch === null ? "one run report per request" : `batches of ${ingestion.batch} reports`}`,
      ms(ingestion.latency.p50),
      ms(ingestion.latency.p95),
      ms(ingestion.latency.p99),
      `${ingestion.reportsPerSecond.toFixed(1)} reports/s (${ingestion.runsPerSecond.toFixed(1)} new runs/s; ${ingestion.requestsPerSecond.toFixed(1)} req/s)`,
      "–",
      "–",
      checks,
      `> ${INGESTION_TARGET_PER_SECOND} reports/s, none lost or duplicated`,
      verdict(ingestionPasses(ingestion)),
    ];
  };
  const rows = [
    pageRow(floor, true),
    ...pages.map((page) => pageRow(page)),
    ...ingestion.map(ingestionRow),
    ...(noisy ? noisyRows(noisy) : []),
    [
      `realtime publish → Chromium (${realtime.events} events)`,
      ms(realtime.p50),
      ms(realtime.p95),
      ms(realtime.p99),
      "–",
      "–",
      "–",
      `max ${ms(realtime.max)}`,
      "–",
      "–",
    ],
  ];
  const lines = [
    `Run on ${when} UTC by \`npm run bench\`, ${(report.totalSeconds / 60).toFixed(1)} min in all; ${CONNECTIONS_NOTE}.`,
    "",
    "| measurement | p50 | p95 | p99 | throughput | floor p95 | ratio | responses and checks | target | result |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ...rows.map((cells) => `| ${cells.join(" | ")} |`),
    "",
    `- Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB RAM, Node ${machine.node}, PostgreSQL ${machine.postgres}. Load average (1 / 5 / 15 min) at the start, other work only: ${machine.loadAtStart.map((load) => load.toFixed(2)).join(" / ")}; at the end, with the benchmark's own: ${machine.loadAtEnd.map((load) => load.toFixed(2)).join(" / ")}. The app server, PostgreSQL, autocannon and Chromium share these CPUs.`,
    `- Data: ${integer(data.companies)} companies, ${integer(data.workflows)} workflows, ${integer(data.runs)} runs over 90 days. Load: ${data.steps.map((step) => `${step.label} ${step.seconds.toFixed(1)} s`).join(", ")}.`,
  ];
  return lines.join("\n");
}

function noisyRows(noisy: NoisyNeighbourMeasurement): string[][] {
  const ratio = noisy.flood.p95 / noisy.quiet.p95;
  return [
    [
      `noisy neighbour: \`${noisy.page}\` of another company (${noisy.pageConnections} connections), quiet`,
      ms(noisy.quiet.p50),
      ms(noisy.quiet.p95),
      ms(noisy.quiet.p99),
      "–",
      "–",
      "1.0×",
      "the baseline",
      "–",
      "–",
    ],
    [
      `noisy neighbour: the same page while one key floods from ${noisy.floodConnections} connections`,
      ms(noisy.flood.p50),
      ms(noisy.flood.p95),
      ms(noisy.flood.p99),
      `flood ${noisy.floodRequestsPerSecond.toFixed(1)} req/s, ${noisy.acceptedPerSecond.toFixed(1)} accepted/s`,
      ms(noisy.quiet.p95),
      `${ratio.toFixed(2)}×`,
      `flood: ${integer(noisy.accepted)} accepted (201), ${integer(noisy.refused)} refused (429), ${noisy.otherStatuses} other; accepted runs lost ${noisy.lost}, rows beyond them ${noisy.extraRows}, duplicated ${noisy.duplicated}; page non-2xx ${noisy.pageFailures}; the limiter's statement alone p50 ${ms(noisy.limiter.p50)}, p95 ${ms(noisy.limiter.p95)}`,
      `p95 ≤ ${NOISY_P95_RATIO_TARGET}× quiet, 429s, none lost`,
      verdict(noisyPasses(noisy)),
    ],
  ];
}

// Only for a missing file: the explanation lives in BENCHMARKS.md itself, written by hand.
const HEADER = "# Benchmarks\n\n`npm run bench` writes its results below.\n\n## Results\n\n";

/** Rewrites the results section of BENCHMARKS.md (creating the file with its header if needed). */
export function writeBenchmarksFile(path: string, results: string): void {
  const block = `${RESULTS_START}\n${results}\n${RESULTS_END}\n`;
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const start = existing.indexOf(RESULTS_START);
  const end = existing.indexOf(RESULTS_END);
  const next =
    start >= 0 && end > start
      ? `${existing.slice(0, start)}${block}${existing.slice(end + RESULTS_END.length).replace(/^\n/, "")}`
      : `${HEADER}${block}`;
  writeFileSync(path, next);
}
