// `npm run serve`: the production web server for Node hosts (after `npm run build` and the
// migrations): the app in WEB_CONCURRENCY processes (default one per core) on PORT (default
// 3000), through our server wrapper (scripts/lib/next-worker.mjs), which `next start` is not:
// - the app sees the connecting address, so TRUSTED_PROXIES can tell a proxy from a client;
// - SIGTERM (or SIGINT, SIGHUP) stops it gracefully: no new connections, requests in flight
//   finish (STOP_GRACE_SECONDS, default 10), then it exits; a second signal stops at once.
// Unlike `npm start`, it generates no secrets, runs no database and seeds nothing.
import { existsSync } from "node:fs";
import { handleShutdown, stopGraceMs } from "./lib/lifecycle.mjs";
import { serverWorkers, startNextServer } from "./lib/next-server";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const graceMs = stopGraceMs();
let exitCode = 0;
const server = startNextServer({ port: Number(process.env.PORT ?? 3000), workers: serverWorkers(), env: process.env });
const shutdown = handleShutdown({
  name: "npm run serve",
  deadlineMs: graceMs + 15_000,
  graceful: async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    return exitCode;
  },
  immediate: () => server.kill("SIGKILL"),
});
server.on("exit", (code, signal) => {
  if (shutdown.stopping) return;
  console.error(`The web server exited (${signal ?? code}).`);
  exitCode = code || 1;
  shutdown.stop("the web server exited");
});
