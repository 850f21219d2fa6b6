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

export type RealtimeMeasurement = { events: number; p50: number; p95: number; p99: number; max: number };

export type BenchReport = {
  startedAt: Date;
  totalSeconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string; loadAtStart: number[]; loadAtEnd: number[] };
  data: { companies: number; workflows: number; runs: number; steps: { label: string; seconds: number }[] };
  floor: PageMeasurement;
  pages: PageMeasurement[];
  ingestion: IngestionMeasurement[];
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
  const { machine, data, floor, pages, ingestion, realtime } = report;
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

const HEADER = `# Benchmarks

\`npm run bench\` measures the production build against a million runs. It needs a production
build (\`npm run build\`) and a PostgreSQL server on loopback:

\`\`\`sh
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55433/postgres npm run bench
\`\`\`

(\`TEST_DATABASE_URL\` works too.) It creates a throwaway database \`nexus_bench_<random>\` on
that server and drops it at the end, also on Ctrl-C; non-loopback servers are refused. It takes
about 4–6 minutes on 2 cores and rewrites the results section below (only when the run is
valid: a page answering errors, or ingestion losing or duplicating a run, fails it).

## What it does

1. **Data**: migrations, the demo seed (\`db/seed.ts\`), then generated companies up to 200
   (3–6 workflows each, assigned to the two seeded SEs or none, on the seeded plans) and runs
   up to 1,000,000 in all over 90 days, written by one set-based \`INSERT … SELECT
   generate_series\`; then the daily and hourly rollups are rebuilt, past invoices are added
   for the new companies, and \`ANALYZE\` runs. The time of each step is printed.
2. **Server**: \`next start\` of the build on a free port against that database, with a local
   Pusher-protocol server, as the e2e server runs it.
3. **Sign-in**: 10 users (the admin, the SE Sam, and 8 clients of the six demo companies)
   sign in through Auth.js's credentials callback from Node; each session cookie is checked
   (its home page answers 200, not a redirect).
4. **Pages**: autocannon, 10 connections, each connection one signed-in user (staff pages:
   the admin and the SE; client pages: the 8 clients), a 3 s warm-up and then 20 s per page,
   requesting HTML with gzip like a browser. Latency is measured per response
   (p50/p95/p99, nearest rank). The **floor** is \`/login\` signed out: a server-rendered page
   of the same build through the same middleware and layout, with no database work; the
   ratio is page p95 / floor p95, i.e. what the page's own data work costs. Any non-2xx
   answer fails the run.
5. **Ingestion**: a fresh ingestion key for one generated company; 10 connections post
   \`/api/v1/executions\`, each cycle being a new succeeded run, a new running run and that
   run's finish (so every create has a new \`externalId\` and half of the new runs get a
   finish update). After a warm-up of 90 requests the measured part sends a fixed number of
   requests (about 15 s worth at the warm-up's rate) and waits for every answer, so the
   database check is exact: the rows
   created in the window equal the 201 answers, every 201's run id exists, no
   (workflow, externalId) pair is duplicated, no run is left running, and the company's
   daily rollup equals its raw runs.
6. **Realtime**: \`measureRealtimeLatency(200)\` (\`scripts/lib/realtime-latency.ts\`): the
   app's own publish to a private channel that pusher-js in headless Chromium is subscribed
   to, one event at a time, timed from just before publish to arrival in the page.

## Targets

- Every page: p95 < 200 ms with 1 M runs in the database, 10 concurrent users.
- Ingestion: more than 500 accepted run reports per second on 2 cores, none lost or
  duplicated.

How to read the numbers: the 10 connections are a closed loop (each sends its next request
when the last one is answered), so a page's latency is about 10 ÷ its throughput, and the
floor shows what one \`next start\` process gives any server-rendered page on this machine.
The ratio to the floor is what the page's own work costs on top of that.
Everything runs on one machine: the app server, PostgreSQL, autocannon and Chromium share
its CPUs, and other work on the machine shows up in the numbers (the load average at the
start and at the end is printed with the results).

## Results

`;

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
