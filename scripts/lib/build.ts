import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app", "components", "db", "lib", "public", "middleware.ts", "next.config.ts",
  "tailwind.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json",
];
const FINGERPRINT_FILE = path.join(".next", "nexus-source-fingerprint");

/** A hash of every source file's path, size and mtime: changes when the app must rebuild. */
export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry).sort()) visit(path.join(entry, child));
    } else {
      hash.update(`${entry}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  SOURCES.forEach(visit);
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  return (
    existsSync(path.join(".next", "BUILD_ID")) &&
    existsSync(FINGERPRINT_FILE) &&
    readFileSync(FINGERPRINT_FILE, "utf8") === sourceFingerprint()
  );
}

/**
 * Runs `next build` unless the last build is of the current sources (`force`: always), and
 * records what it built. `signal` stops a build in progress (the start is being stopped).
 */
export async function buildIfNeeded(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<void> {
  if (!options.force && buildIsCurrent()) return;
  console.log("Building Nexus (first start or changed sources, about a minute)…");
  const fingerprint = sourceFingerprint();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const stop = () => child.kill("SIGTERM");
  options.signal?.addEventListener("abort", stop, { once: true });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
  options.signal?.removeEventListener("abort", stop);
  options.signal?.throwIfAborted();
  if (code !== 0) throw new Error("next build failed");
  recordBuild(fingerprint);
}

/**
 * Notes that .next is the build of the sources `fingerprint` (taken before building), so
 * `npm start` serves it without building again (`npm test`'s build stage calls it too).
 */
export function recordBuild(fingerprint: string): void {
  writeFileSync(FINGERPRINT_FILE, fingerprint);
}
