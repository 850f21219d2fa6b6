import "server-only";
import Pusher from "pusher";
import type { Viewer } from "./authz";
import { requestLogger } from "./logger";

// Realtime over Pusher Channels (PRODUCT.md §6): hosted Pusher in production, the local
// Pusher-protocol server (scripts/realtime-server.ts) in development and tests. The same
// code talks to both; only the environment differs.

export const channels = {
  company: (companyId: string) => `private-company-${companyId}`,
  user: (userId: string) => `private-user-${userId}`,
  staff: "private-staff",
  staffPresence: "presence-staff",
} as const;

/**
 * The channels that carry run events for what this viewer may see: admins hear every run
 * (private-staff), an SE each of their companies, a client their own company.
 */
export function runChannelsFor(viewer: Viewer): string[] {
  if (viewer.role === "admin") return [channels.staff];
  return viewer.companyIds.map(channels.company);
}

/** What the browser needs to connect: public, safe to render into the page. */
export type RealtimeClientConfig = { key: string; cluster: string; host?: string; port?: number; forceTLS: boolean };

// Hosted Pusher refuses events over 10 KB; stay well under it.
const MAX_EVENT_BYTES = 8 * 1024;
const TRIGGER_TIMEOUT_MS = 2_000;

function settings() {
  const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret, PUSHER_CLUSTER: cluster } = process.env;
  if (!appId || !key || !secret) return null;
  const host = process.env.PUSHER_HOST;
  const port = process.env.PUSHER_PORT;
  return { appId, key, secret, cluster: cluster ?? "local", host, port };
}

const globalForRealtime = globalThis as unknown as { nexusPusher?: Pusher | null };

/** The server-side client, or null when realtime is not configured (it is optional). */
export function pusherServer(): Pusher | null {
  if (globalForRealtime.nexusPusher !== undefined) return globalForRealtime.nexusPusher;
  const config = settings();
  globalForRealtime.nexusPusher = config
    ? config.host
      ? new Pusher({ appId: config.appId, key: config.key, secret: config.secret, host: config.host, port: config.port, useTLS: false, timeout: TRIGGER_TIMEOUT_MS })
      : new Pusher({ appId: config.appId, key: config.key, secret: config.secret, cluster: config.cluster, useTLS: true, timeout: TRIGGER_TIMEOUT_MS })
    : null;
  return globalForRealtime.nexusPusher;
}

export function realtimeClientConfig(): RealtimeClientConfig | null {
  const config = settings();
  if (!config) return null;
  return config.host
    ? { key: config.key, cluster: config.cluster, host: process.env.PUSHER_PUBLIC_HOST ?? config.host, port: Number(config.port), forceTLS: false }
    : { key: config.key, cluster: config.cluster, forceTLS: true };
}

/**
 * Pushes an event after the write it reports has committed. Never throws and never waits
 * longer than the trigger timeout: a realtime outage must not fail or slow a write (the
 * data is in the database, and clients fetch what they missed when they reconnect).
 */
export async function publish(channelNames: readonly string[], event: string, data: Record<string, unknown>): Promise<boolean> {
  const pusher = pusherServer();
  if (!pusher || channelNames.length === 0) return false;
  const body = JSON.stringify(data);
  if (Buffer.byteLength(body) > MAX_EVENT_BYTES) {
    const log = await requestLogger({ source: "realtime" });
    log.error({ event, bytes: Buffer.byteLength(body) }, "event payload too large, not sent");
    return false;
  }
  try {
    // Hosted Pusher takes at most 100 channels per trigger.
    for (let start = 0; start < channelNames.length; start += 100) {
      await pusher.trigger(channelNames.slice(start, start + 100), event, data);
    }
    return true;
  } catch (error) {
    const log = await requestLogger({ source: "realtime" });
    log.warn({ event, err: error }, "event not sent");
    return false;
  }
}

// Hosted Pusher takes at most 10 events per batch call.
const MAX_BATCH_EVENTS = 10;

/**
 * Pushes one event per item of `items` to every channel of `channelNames`, after the
 * writes they report have committed: one call for a single item, else batch calls of 10
 * events. Never throws (see publish).
 */
export async function publishEach(channelNames: readonly string[], event: string, items: readonly Record<string, unknown>[]): Promise<boolean> {
  if (items.length <= 1) return items[0] ? publish(channelNames, event, items[0]) : true;
  const pusher = pusherServer();
  if (!pusher || channelNames.length === 0) return false;
  const fitting = items.filter((data) => Buffer.byteLength(JSON.stringify(data)) <= MAX_EVENT_BYTES);
  if (fitting.length < items.length) {
    const log = await requestLogger({ source: "realtime" });
    log.error({ event, dropped: items.length - fitting.length }, "event payload too large, not sent");
  }
  const batch = fitting.flatMap((data) => channelNames.map((channel) => ({ channel, name: event, data })));
  try {
    const calls: Promise<unknown>[] = [];
    for (let start = 0; start < batch.length; start += MAX_BATCH_EVENTS) {
      calls.push(pusher.triggerBatch(batch.slice(start, start + MAX_BATCH_EVENTS)));
    }
    await Promise.all(calls);
    return true;
  } catch (error) {
    const log = await requestLogger({ source: "realtime" });
    log.warn({ event, err: error }, "events not sent");
    return false;
  }
}

/**
 * Closes every realtime connection of a user (signed in over Pusher user authentication),
 * e.g. on deactivation; their next subscription is refused by /api/realtime/auth. Never
 * throws: the user's sessions are already gone, the socket is the last thing to go.
 */
export async function disconnectUser(userId: string): Promise<boolean> {
  const pusher = pusherServer();
  if (!pusher) return false;
  try {
    await pusher.terminateUserConnections(userId);
    return true;
  } catch (error) {
    const log = await requestLogger({ source: "realtime" });
    log.warn({ event: "terminate_connections", err: error }, "user connections not terminated");
    return false;
  }
}
