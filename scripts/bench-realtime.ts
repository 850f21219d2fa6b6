// `npm run bench:realtime [events] [subscribers]`: publish-to-browser latency over 200
// events, with 200 subscribers on the channel by default (one Chromium page timed, the rest
// WebSockets from Node). Uses hosted Pusher when PUSHER_* (with PUSHER_CLUSTER) are set,
// with the browser as the only subscriber; else a local Pusher-protocol server.
import { randomBytes } from "node:crypto";
import { measureRealtimeLatency } from "./lib/realtime-latency";
import { startRealtimeServer } from "./lib/realtime-server";

const events = Number(process.argv[2] ?? 200);
const hosted = Boolean(process.env.PUSHER_CLUSTER && process.env.PUSHER_APP_ID);
const subscribers = hosted ? 1 : Number(process.argv[3] ?? 200);
let stop = async () => {};
if (!hosted) {
  const credentials = { appId: "bench", key: randomBytes(10).toString("hex"), secret: randomBytes(24).toString("hex") };
  const server = await startRealtimeServer({ ...credentials, port: 0 });
  Object.assign(process.env, {
    PUSHER_APP_ID: credentials.appId,
    PUSHER_KEY: credentials.key,
    PUSHER_SECRET: credentials.secret,
    PUSHER_HOST: server.host,
    PUSHER_PORT: String(server.port),
  });
  stop = server.close;
  console.log(`local Pusher-protocol server on ${server.host}:${server.port}`);
}

const result = await measureRealtimeLatency(events, subscribers);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`publish-to-browser latency over ${result.events} events to ${result.subscribers} subscribers (missed ${result.missed}): p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}`);
await stop();
