// `npm test`: every suite, in the order that fails fastest. Integration tests run on
// PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
import { spawnSync } from "node:child_process";
import { recordBuild, sourceFingerprint } from "./lib/build";

const bin = (name: string) => `node_modules/.bin/${name}`;
const steps: { name: string; command: string; args: string[] }[] = [
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "unit", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "integration", command: bin("vitest"), args: ["run", "--project", "integration"] },
  { name: "build", command: process.execPath, args: ["node_modules/next/dist/bin/next", "build"] },
  { name: "e2e", command: bin("playwright"), args: ["test"] },
];

const only = process.argv.slice(2);
const selected = only.length > 0 ? steps.filter((step) => only.includes(step.name)) : steps;

console.log(
  process.env.TEST_DATABASE_URL
    ? "Integration tests: PGlite and PostgreSQL (TEST_DATABASE_URL)."
    : "Integration tests: PGlite (set TEST_DATABASE_URL to a loopback PostgreSQL to run them there too).",
);

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of selected) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  // the build is `npm start`'s too (and the README smoke test's, after this): record it
  const fingerprint = step.name === "build" ? sourceFingerprint() : null;
  const result = spawnSync(step.command, step.args, {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" },
  });
  const ok = result.status === 0;
  if (ok && fingerprint) recordBuild(fingerprint);
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
  if (!ok) break;
}

console.log("\nSummary");
for (const { name, ok, seconds } of results) console.log(`  ${ok ? "✓" : "✗"} ${name.padEnd(12)} ${seconds.toFixed(1)} s`);
const failed = results.filter((step) => !step.ok).length;
const skipped = selected.length - results.length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
