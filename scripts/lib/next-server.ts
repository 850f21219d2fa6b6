import { spawn, type ChildProcess } from "node:child_process";

/** Starts `next start` (or `next dev`) as a child whose PID is the server's own. */
export function startNextServer(options: {
  port: number;
  hostname?: string;
  dev?: boolean;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
}): ChildProcess {
  const args = ["node_modules/next/dist/bin/next", options.dev ? "dev" : "start", "-p", String(options.port)];
  if (options.hostname) args.push("-H", options.hostname);
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
