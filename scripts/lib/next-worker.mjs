// One Next.js server process: Next's own request handler behind our HTTP server (Next's
// documented custom server), for two things `next start` does not do:
// - the address of the connection's peer reaches the app (lib/client-address.ts): Next
//   shows route code no socket, and keeps a client's own X-Forwarded-For as it came;
// - a bounded graceful stop (lifecycle.mjs): on SIGINT, SIGTERM or SIGHUP, or when the
//   parent process goes away, it stops taking connections, lets requests in flight finish
//   (STOP_GRACE_SECONDS, default 10), then closes the rest and exits.
// Run as `node scripts/lib/next-worker.mjs --port <port> [--hostname <host>] [--dev]`
// (startNextServer and scripts/lib/next-cluster.ts do). Plain JavaScript on purpose: under a
// TypeScript loader (tsx) every request cost about 2.5 times the CPU of `next start`.
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { handleShutdown, stopGraceMs } from "./lifecycle.mjs";

// The same two names as lib/client-address.ts (tests/unit/client-address.test.ts checks).
const PEER_ADDRESS_HEADER = "x-nexus-peer-address";
const STAMPED = Symbol.for("nexus.peer-address-header-stamped");

const { values } = parseArgs({
  options: { port: { type: "string" }, hostname: { type: "string" }, dev: { type: "boolean", default: false } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0) {
  console.error("usage: next-worker.mjs --port <port> [--hostname <host>] [--dev]");
  process.exit(2);
}
const graceMs = stopGraceMs(process.env);

/** @param {http.IncomingMessage} request */
function stampPeerAddress(request) {
  // a client's copy is never passed on: only ours says who connected
  delete request.headers[PEER_ADDRESS_HEADER];
  const peer = request.socket.remoteAddress;
  if (peer) request.headers[PEER_ADDRESS_HEADER] = peer;
}

let stopping = false;
const server = http.createServer();
// Upgraded connections (in development, the browser's hot-reload websocket) are no
// requests in flight, and the server would wait for them forever: they close at once.
/** @type {Set<import("node:stream").Duplex>} */
const upgraded = new Set();
const app = next({ dev: values.dev, dir: process.cwd(), port, hostname: values.hostname, httpServer: server });

const shutdown = handleShutdown({
  name: `next worker ${process.pid}`,
  deadlineMs: graceMs + 10_000,
  graceful: async () => {
    stopping = true;
    const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
    // connections between requests close now; busy ones once their response is sent
    // (answers carry `Connection: close` from now on), and whatever is left at the end of
    // the grace is cut
    server.closeIdleConnections();
    for (const socket of upgraded) socket.destroy();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const grace = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearInterval(idle);
    clearTimeout(grace);
    await app.close().catch(() => {});
  },
});

// read by lib/client-address.ts in this process: the peer header can be believed
/** @type {Record<symbol, boolean>} */ (globalThis)[STAMPED] = true;
await app.prepare();
const handle = app.getRequestHandler();
server.on("request", (request, response) => {
  stampPeerAddress(request);
  if (stopping) response.setHeader("Connection", "close");
  // as `next start` does: a handler that throws answers 500, and never takes the process down
  handle(request, response).catch((error) => {
    console.error(`Failed to handle request for ${request.url}`, error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});
server.prependListener("upgrade", (request, socket) => {
  stampPeerAddress(request);
  if (stopping) return void socket.destroy();
  upgraded.add(socket);
  socket.once("close", () => upgraded.delete(socket));
});
if (!shutdown.stopping) {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, values.hostname, () => resolve(undefined));
  });
}
