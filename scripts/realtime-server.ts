// `npx tsx scripts/realtime-server.ts`: the local Pusher-protocol server on loopback, for
// development without the hosted service. Point the app at it with the same PUSHER_* values.
import { startRealtimeServer } from "./lib/realtime-server";

const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = process.env;
if (!appId || !key || !secret) {
  console.error("Set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET (PUSHER_PORT is optional, default 6001).");
  process.exit(1);
}
const port = Number(process.env.PUSHER_PORT ?? 6001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PUSHER_PORT must be a port number, not ${process.env.PUSHER_PORT}`);
  process.exit(1);
}

const server = await startRealtimeServer({ appId, key, secret, port });
console.log(`Pusher-compatible server for app ${appId} on ws://${server.host}:${server.port}/app/${key} and http://${server.host}:${server.port}/apps/${appId}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
