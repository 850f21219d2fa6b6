import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * How many `next start` processes to run: WEB_CONCURRENCY (the usual name for it), else one
 * per core.
 */
export function serverWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(configured) && configured > 0 ? configured : availableParallelism();
}

/**
 * Starts `next start` (or `next dev`) as a child whose PID is the server's own. With
 * `workers` above 1 (production only), the child is a cluster primary with that many
 * `next start` workers on the same port (scripts/lib/next-cluster.ts).
 */
export function startNextServer(options: {
  port: number;
  hostname?: string;
  dev?: boolean;
  workers?: number;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
}): ChildProcess {
  const nextArgs = [options.dev ? "dev" : "start", "-p", String(options.port)];
  if (options.hostname) nextArgs.push("-H", options.hostname);
  const workers = options.dev ? 1 : (options.workers ?? 1);
  const args =
    workers > 1
      ? ["--import", "tsx", "scripts/lib/next-cluster.ts", String(workers), ...nextArgs]
      : ["node_modules/next/dist/bin/next", ...nextArgs];
  return spawn(process.execPath, args, {
    stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...options.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/** Resolves once `url` answers 200, or rejects after the timeout. */
export async function waitForHttp(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
