// `npm run bench:realtime`: publish-to-browser latency over 200 events. Uses hosted Pusher
// when PUSHER_* (with PUSHER_CLUSTER) are set, else a local Pusher-protocol server.
import { randomBytes } from "node:crypto";
import { measureRealtimeLatency } from "./lib/realtime-latency";
import { startRealtimeServer } from "./lib/realtime-server";

const events = Number(process.argv[2] ?? 200);
let stop = async () => {};
if (!process.env.PUSHER_CLUSTER || !process.env.PUSHER_APP_ID) {
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

const result = await measureRealtimeLatency(events);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(`publish-to-browser latency over ${result.events} events: p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}`);
await stop();
