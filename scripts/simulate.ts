// `npm run simulate`: realistic live traffic for demos. Every active workflow of every
// active company reports runs through the real ingestion API: a run starts, then a few
// seconds later succeeds (or now and then fails). Stops by itself after --minutes.
//
// For alert demos: --silence="<workflow name>" keeps that workflow silent for the first
// half of the run (a late alert opens, then resolves when it reports again), and
// --burst="<workflow name>" makes it fail in bursts, a minute failing and a minute fine (a
// failing alert opens and resolves). Each gets a demo expectation when it has none.
import { eq, and, isNull, inArray } from "drizzle-orm";
import { createDb } from "../db/client";
import { companies, ingestionKeys, workflowExpectations, workflows } from "../db/schema";
import { demoCompanies } from "../db/seed-data";
import { generateIngestionKey } from "../lib/ingestion";
import { openDatabase } from "./lib/database";
import { loadLocalEnv } from "./lib/local-env";

const arg = (name: string, fallback: string) =>
  process.argv.find((value) => value.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const baseUrl = arg("url", `http://localhost:${process.env.PORT ?? 3000}`);
const runsPerMinute = Number(arg("rate", "60"));
const minutes = Number(arg("minutes", "10"));
const KEY_NAME = "Demo simulator (npm run simulate)";

loadLocalEnv();
const { url, embedded } = await openDatabase();
const { db, client } = createDb(url, { max: 2 });

// A fresh key per company for this run, revoked when the simulator stops.
const targets = await db
  .select({ id: workflows.id, name: workflows.name, companyId: workflows.companyId })
  .from(workflows)
  .innerJoin(companies, eq(companies.id, workflows.companyId))
  .where(and(eq(workflows.status, "active"), isNull(companies.archivedAt)));
if (targets.length === 0) {
  console.error("No active workflows to simulate. Seed the database first (npm run db:seed).");
  process.exit(1);
}
const findTarget = (name: string) => {
  const found = targets.find((target) => target.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    console.error(`No active workflow named “${name}”. Active ones: ${[...new Set(targets.map((target) => target.name))].slice(0, 12).join(", ")}…`);
    process.exit(1);
  }
  return found;
};
const silenceName = arg("silence", "");
const burstName = arg("burst", "");
const silenced = silenceName ? findTarget(silenceName) : null;
const bursting = burstName ? findTarget(burstName) : null;
// alerts need an expectation: a demo one when the workflow has none (staff can change it)
for (const [target, values] of [
  [silenced, { cadenceKind: "interval" as const, intervalMinutes: 5, graceMinutes: 1 }],
  [bursting, { failureStreak: 3 }],
] as const) {
  if (!target) continue;
  const added = await db
    .insert(workflowExpectations)
    .values({ workflowId: target.id, companyId: target.companyId, ...values })
    .onConflictDoNothing()
    .returning({ id: workflowExpectations.workflowId });
  if (added.length > 0) console.log(`Gave “${target.name}” a demo expectation (${"intervalMinutes" in values ? "a run every 5 minutes, 1 minute of grace" : "3 failures in a row"}).`);
}
const silentUntil = Date.now() + (minutes * 60_000) / 2;

const keys = new Map<string, string>();
for (const companyId of new Set(targets.map((target) => target.companyId))) {
  const generated = generateIngestionKey();
  await db.insert(ingestionKeys).values({ companyId, name: KEY_NAME, prefix: generated.prefix, keyHash: generated.keyHash });
  keys.set(companyId, generated.key);
}

// Busier workflows report more often, as in the seed.
const volumeOf = new Map(demoCompanies.flatMap((company) => company.workflows.map((workflow) => [workflow.name, workflow.volume])));
const weights = targets.map((target) => volumeOf.get(target.name) ?? 10);
const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
function pickWorkflow() {
  let roll = Math.random() * totalWeight;
  for (const [index, target] of targets.entries()) {
    roll -= weights[index] ?? 0;
    if (roll <= 0) return target;
  }
  return targets[0]!;
}

const ERRORS = ["Upstream API returned 502 Bad Gateway", "Timed out after 300 s waiting for a response", "Rate limit exceeded (429), retries exhausted"];
let sent = 0;
let failures = 0;

async function report(target: (typeof targets)[number], body: Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/api/v1/executions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keys.get(target.companyId)}` },
    body: JSON.stringify({ workflowId: target.id, ...body }),
  }).catch((error: Error) => ({ ok: false, status: 0, statusText: error.message }));
  sent += 1;
  if (!response.ok) {
    failures += 1;
    console.error(`  ${response.status} ${"statusText" in response ? response.statusText : ""} for ${target.name}`);
  }
}

function simulateRun(target = pickWorkflow()) {
  if (silenced && target.id === silenced.id && Date.now() < silentUntil) return;
  const externalId = `sim-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const startedAt = new Date().toISOString();
  void report(target, { externalId, status: "running", startedAt });
  const seconds = 2 + Math.random() * 10;
  setTimeout(() => {
    // a bursting workflow fails for a minute, then is fine for a minute
    const failed = bursting && target.id === bursting.id ? Math.floor(Date.now() / 60_000) % 2 === 0 : Math.random() < 0.07;
    void report(target, {
      externalId,
      status: failed ? "failed" : "succeeded",
      startedAt,
      finishedAt: new Date().toISOString(),
      ...(failed ? { errorMessage: ERRORS[Math.floor(Math.random() * ERRORS.length)] } : {}),
    });
  }, seconds * 1000);
}

console.log(`Simulating ${runsPerMinute} runs a minute across ${targets.length} workflows against ${baseUrl} for ${minutes} min (Ctrl+C stops).`);
const timer = setInterval(() => simulateRun(), 60_000 / runsPerMinute);
// the demo workflows report often enough for their alerts to open and resolve within minutes
const demoTimer = setInterval(() => {
  if (silenced) simulateRun(silenced);
  if (bursting) simulateRun(bursting);
}, 15_000);
if (silenced) console.log(`“${silenced.name}” stays silent until ${new Date(silentUntil).toLocaleTimeString()}, then reports again.`);
if (bursting) console.log(`“${bursting.name}” fails in bursts: a minute failing, a minute fine.`);
const status = setInterval(() => console.log(`  ${sent} reports sent, ${failures} refused`), 15_000);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  clearInterval(demoTimer);
  clearInterval(status);
  await new Promise((resolve) => setTimeout(resolve, 12_500)); // let running runs finish
  await db
    .update(ingestionKeys)
    .set({ revokedAt: new Date() })
    .where(and(inArray(ingestionKeys.companyId, [...keys.keys()]), eq(ingestionKeys.name, KEY_NAME), isNull(ingestionKeys.revokedAt)));
  await client.end();
  await embedded?.close();
  console.log(`Stopped: ${sent} reports sent, ${failures} refused.`);
  process.exit(0);
}
process.on("SIGINT", () => void stop());
setTimeout(() => void stop(), minutes * 60_000);
