// `next start` in several worker processes that share one port (Node's cluster module):
// one Node process renders on one core, so a machine with more cores serves more pages
// with as many workers. Run as `tsx scripts/lib/next-cluster.ts <workers> <next start args…>`
// (startNextServer does). A worker that dies takes the whole group down, so whatever
// supervises the server sees the failure instead of a half-sized server.
import cluster from "node:cluster";

const [count, ...nextArgs] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1) {
  console.error("usage: next-cluster.ts <workers> start -p <port> [-H <host>]");
  process.exit(2);
}

// The workers run Next's own CLI, without this file's TypeScript loader.
cluster.setupPrimary({ exec: "node_modules/next/dist/bin/next", args: nextArgs, execArgv: [] });
for (let index = 0; index < workers; index += 1) cluster.fork();

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  const exit = () => process.exit(code);
  if (Object.keys(cluster.workers ?? {}).length === 0) exit();
  cluster.on("exit", () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) exit();
  });
  setTimeout(exit, 10_000).unref();
}

cluster.on("exit", (worker, code, signal) => {
  if (stopping) return;
  console.error(`next worker ${worker.process.pid} exited (${signal ?? code}); stopping the others`);
  stop(typeof code === "number" && code !== 0 ? code : 1);
});
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
