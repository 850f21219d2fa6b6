import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

/**
 * How many Next.js server processes to run: WEB_CONCURRENCY (the usual name for it), else
 * one per core.
 */
export function serverWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(configured) && configured > 0 ? configured : availableParallelism();
}

/**
 * Starts the Next.js server (production, or `dev`) as a child process: our server wrapper
 * (scripts/lib/next-worker.mjs) around Next's handler, or with `workers` above 1 (production
 * only) a cluster primary with that many of them on the same port
 * (scripts/lib/next-cluster.ts). The child is connected to this process by an IPC channel:
 * if this process dies, however it dies, the channel closes and the server stops by itself.
 * SIGTERM stops it gracefully (requests in flight finish, STOP_GRACE_SECONDS at most).
 */
export function startNextServer(options: {
  port: number;
  hostname?: string;
  dev?: boolean;
  workers?: number;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Node options for a single worker (e.g. --cpu-prof, which NODE_OPTIONS does not take) */
  nodeArgs?: string[];
}): ChildProcess {
  const workerArgs = ["--port", String(options.port)];
  if (options.hostname) workerArgs.push("--hostname", options.hostname);
  if (options.dev) workerArgs.push("--dev");
  const workers = options.dev ? 1 : (options.workers ?? 1);
  const args =
    workers > 1
      ? ["--import", "tsx", "scripts/lib/next-cluster.ts", String(workers), ...workerArgs]
      : [...(options.nodeArgs ?? []), "scripts/lib/next-worker.mjs", ...workerArgs];
  return spawn(process.execPath, args, {
    stdio: ["ignore", options.quiet ? "ignore" : "inherit", "inherit", "ipc"],
    env: { ...options.env, NODE_ENV: options.dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/** Resolves once `url` answers 200, or rejects after the timeout or when `signal` aborts. */
export async function waitForHttp(url: string, timeoutMs = 120_000, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
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
