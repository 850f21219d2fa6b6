// Publish-to-browser latency: events go out through the app's own publish (lib/realtime.ts)
// and are received by pusher-js running in a real Chromium page; the clock is the
// benchmark's, from just before publish to the moment the page reports the event. With
// `subscribers` above 1, that many connections share the channel (the rest are WebSockets
// from Node speaking the same protocol, each with its own signed subscription), so the
// server fans every event out to all of them, and every one must receive every event.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "@playwright/test";
import Pusher from "pusher";
import WebSocket from "ws";
import { publish, pusherServer } from "../../lib/realtime";

export type LatencySummary = {
  events: number;
  subscribers: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** events the Node subscribers missed, summed over them (must be 0) */
  missed: number;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? NaN;

/**
 * Sends `events` events one after another to a private channel a browser page is
 * subscribed to, and summarises how long each took to arrive. Needs PUSHER_* in the
 * environment (the local server's or hosted Pusher's).
 */
export async function measureRealtimeLatency(events = 200, subscribers = 1): Promise<LatencySummary> {
  const sdk = pusherServer();
  const { PUSHER_KEY: key = "", PUSHER_CLUSTER: cluster = "local", PUSHER_HOST: host, PUSHER_PORT: port } = process.env;
  if (!sdk || !(sdk instanceof Pusher)) throw new Error("Realtime is not configured: set PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET");
  const pusherJs = createRequire(import.meta.url).resolve("pusher-js/dist/web/pusher.min.js");

  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    const arrivals = new Map<number, number>();
    const waiting = new Map<number, () => void>();
    await page.exposeFunction("nexusAuthorize", (socketId: string, channel: string) => sdk.authorizeChannel(socketId, channel));
    await page.exposeFunction("nexusReceived", (index: number) => {
      arrivals.set(index, performance.now());
      waiting.get(index)?.();
    });
    await page.addScriptTag({ path: pusherJs });
    const channel = `private-bench-${Date.now()}`;
    // Plain JavaScript, sent as text: tsx would add helpers to a function that the page lacks.
    const options = host ? { cluster, wsHost: host, wsPort: Number(port), forceTLS: false, enabledTransports: ["ws"] } : { cluster, forceTLS: true };
    await page.evaluate(`new Promise((resolve, reject) => {
      const client = new Pusher(${JSON.stringify(key)}, Object.assign(${JSON.stringify(options)}, {
        channelAuthorization: {
          customHandler: (params, callback) =>
            nexusAuthorize(params.socketId, params.channelName).then((data) => callback(null, data)),
        },
      }));
      const subscription = client.subscribe(${JSON.stringify(channel)});
      subscription.bind("pusher:subscription_succeeded", () => resolve());
      subscription.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
      subscription.bind("tick", (data) => nexusReceived(data.index));
    })`);

    const others = await Promise.all(
      Array.from({ length: Math.max(0, subscribers - 1) }, () => subscribeFromNode(sdk, key, host, port, channel)),
    );
    const latencies: number[] = [];
    for (let index = 0; index < events; index++) {
      const arrived = new Promise<void>((resolve, reject) => {
        waiting.set(index, resolve);
        setTimeout(() => reject(new Error(`event ${index} did not arrive in 5 s`)), 5_000).unref();
      });
      const sent = performance.now();
      if (!(await publish([channel], "tick", { index, sentAt: Date.now() }))) throw new Error("publish failed");
      await arrived;
      latencies.push((arrivals.get(index) ?? NaN) - sent);
      waiting.delete(index);
    }
    // the last event may still be on its way to the Node subscribers
    const deadline = Date.now() + 5_000;
    while (others.some((other) => other.received() < events) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const missed = others.reduce((sum, other) => sum + (events - other.received()), 0);
    for (const other of others) other.close();
    latencies.sort((a, b) => a - b);
    return {
      events,
      subscribers: 1 + others.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      missed,
    };
  } finally {
    await browser.close();
  }
}

/** One more subscriber: a WebSocket speaking the Pusher protocol, counting the ticks it gets. */
function subscribeFromNode(
  sdk: Pusher,
  key: string,
  host: string | undefined,
  port: string | undefined,
  channel: string,
): Promise<{ received: () => number; close: () => void }> {
  if (!host) throw new Error("extra subscribers need the local realtime server (PUSHER_HOST)");
  const socket = new WebSocket(`ws://${host}:${port}/app/${key}?protocol=7&client=nexus-bench&version=8`);
  let ticks = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a subscriber did not subscribe in 10 s")), 10_000);
    socket.on("error", reject);
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw)) as { event: string; data?: string };
      if (message.event === "pusher:connection_established") {
        const { socket_id: socketId } = JSON.parse(message.data ?? "{}") as { socket_id: string };
        const { auth } = sdk.authorizeChannel(socketId, channel);
        socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
      } else if (message.event === "pusher_internal:subscription_succeeded") {
        clearTimeout(timer);
        resolve({ received: () => ticks, close: () => socket.close() });
      } else if (message.event === "tick") {
        ticks += 1;
      }
    });
  });
}
