// Several Next.js server processes (scripts/lib/next-worker.mjs) that share one port (Node's
// cluster module): one Node process renders on one core, so a machine with more cores
// serves more pages with as many workers. Run as
// `tsx scripts/lib/next-cluster.ts <workers> <next-worker args…>` (startNextServer does).
// A worker that dies takes the whole group down, so whatever supervises the server sees
// the failure instead of a half-sized server. Stopping (lifecycle.mjs): each worker gets
// SIGTERM and finishes its requests in flight; the group exits when they all have. The
// workers exit by themselves if this process dies (their channel to it closes).
import cluster, { type Worker } from "node:cluster";
import { handleShutdown, stopGraceMs } from "./lifecycle.mjs";

const [count, ...workerArgs] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1) {
  console.error("usage: next-cluster.ts <workers> --port <port> [--hostname <host>]");
  process.exit(2);
}

// the workers run without this file's TypeScript loader (see next-worker.mjs)
cluster.setupPrimary({ exec: "scripts/lib/next-worker.mjs", args: workerArgs, execArgv: [] });

const living = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker && !worker.isDead());
let exitCode = 0;

const shutdown = handleShutdown({
  name: "next cluster",
  deadlineMs: stopGraceMs(process.env) + 15_000,
  graceful: async () => {
    const running = living();
    // a signal, not worker.kill(): that disconnects first, and a worker whose channel closes
    // exits at once instead of finishing its requests
    for (const worker of running) worker.process.kill("SIGTERM");
    await Promise.all(running.map((worker) => new Promise((resolve) => (worker.isDead() ? resolve(null) : worker.once("exit", resolve)))));
    return exitCode;
  },
  immediate: () => {
    for (const worker of living()) worker.process.kill("SIGKILL");
  },
});

cluster.on("exit", (worker, code, signal) => {
  if (shutdown.stopping) return;
  console.error(`next worker ${worker.process.pid} exited (${signal ?? code}); stopping the others`);
  exitCode = typeof code === "number" && code !== 0 ? code : 1;
  shutdown.stop("a worker exited");
});

for (let index = 0; index < workers && !shutdown.stopping; index += 1) cluster.fork();
