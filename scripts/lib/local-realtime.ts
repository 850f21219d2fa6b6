import { startRealtimeServer, type RealtimeServer } from "./realtime-server";

/**
 * Starts the loopback Pusher-protocol server with the PUSHER_* credentials of .env.local
 * (on PUSHER_PORT, default 6001, or any free port when that is taken) and returns the
 * environment that points the app at it.
 */
export async function startLocalRealtime(): Promise<{ server: RealtimeServer; env: Record<string, string> }> {
  const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = process.env;
  if (!appId || !key || !secret) throw new Error("PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET are needed for local realtime");
  const preferred = Number(process.env.PUSHER_PORT ?? 6001);
  const server = await startRealtimeServer({ appId, key, secret, port: preferred }).catch(() =>
    startRealtimeServer({ appId, key, secret, port: 0 }),
  );
  return { server, env: { PUSHER_HOST: server.host, PUSHER_PORT: String(server.port) } };
}
