"use client";

import PusherClient from "pusher-js";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { RealtimeClientConfig } from "@/lib/realtime";

type Realtime = { client: PusherClient | null; connected: boolean; reconnects: number };

const RealtimeContext = createContext<Realtime>({ client: null, connected: false, reconnects: 0 });

function connect(config: RealtimeClientConfig): PusherClient {
  return new PusherClient(config.key, {
    cluster: config.cluster,
    forceTLS: config.forceTLS,
    ...(config.host ? { wsHost: config.host, wsPort: config.port, enabledTransports: ["ws" as const] } : {}),
    channelAuthorization: { endpoint: "/api/realtime/auth", transport: "ajax" },
    userAuthentication: { endpoint: "/api/realtime/user-auth", transport: "ajax" },
  });
}

// After a drop, pusher-js backs off for up to a minute between attempts; retry sooner so a
// page is live again within seconds of the service returning: 1 s, 2 s, 4 s … up to 15 s.
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;

// Connect once the page has settled: connecting and subscribing while the first
// client-side navigation after load was in flight made that navigation go nowhere.
const CONNECT_DELAY_MS = 1000;

/**
 * One Pusher connection per tab, authorised through /api/realtime/auth. `reconnects`
 * counts returns after a drop, so screens can fetch what they missed meanwhile.
 */
export function RealtimeProvider({ config, children }: { config: RealtimeClientConfig | null; children: ReactNode }) {
  const [state, setState] = useState<Realtime>({ client: null, connected: false, reconnects: 0 });
  const wasConnected = useRef(false);
  // A refreshed layout passes an equal but new object: connect again only if it changed.
  const configKey = config ? JSON.stringify(config) : null;

  useEffect(() => {
    if (!configKey) return;
    let client: PusherClient | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let retryDelay = RETRY_MIN_MS;
    const stopRetrying = () => {
      if (retry) clearTimeout(retry);
      retry = null;
    };
    const timer = setTimeout(() => {
      const connected = connect(JSON.parse(configKey) as RealtimeClientConfig);
      client = connected;
      // Signed in, the socket belongs to the user: deactivation can close it server-side.
      connected.signin();
      connected.connection.bind("state_change", ({ current }: { current: string }) => {
        const isConnected = current === "connected";
        // the connection state on <html>, for tests and for styling an offline hint
        document.documentElement.dataset.realtime = current;
        // read now: the state updater below runs later, after the ref has changed
        const isReconnect = isConnected && wasConnected.current;
        if (isConnected) wasConnected.current = true;
        setState((previous) => ({
          client: connected,
          connected: isConnected,
          reconnects: isReconnect ? previous.reconnects + 1 : previous.reconnects,
        }));
        if (isConnected) {
          stopRetrying();
          retryDelay = RETRY_MIN_MS;
        } else if ((current === "connecting" || current === "unavailable") && wasConnected.current && !retry) {
          // Not "disconnected": that is a deliberate close (sign-out, or the server ending a
          // deactivated user's connection), which must stay closed.
          retry = setTimeout(() => {
            retry = null;
            if (connected.connection.state === "connected") return;
            retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
            // a fresh attempt now; channels and the user sign-in are restored on connect
            connected.disconnect();
            connected.connect();
          }, retryDelay);
        }
      });
      setState({ client: connected, connected: false, reconnects: 0 });
    }, CONNECT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      stopRetrying();
      client?.disconnect();
    };
  }, [configKey]);

  return <RealtimeContext.Provider value={state}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

/** Calls `handler` for each `event` on the channel(s) while the component is mounted. */
export function useChannelEvent<T>(
  channel: string | readonly string[] | null,
  event: string | readonly string[],
  handler: (data: T) => void,
): void {
  const { client } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  // A stable key, so a re-rendered parent passing an equal list does not resubscribe.
  const names = channel === null ? "" : typeof channel === "string" ? channel : channel.join(" ");
  const events = typeof event === "string" ? event : event.join(" ");
  useEffect(() => {
    if (!client || !names) return;
    const listener = (data: T) => latest.current(data);
    const subscriptions = names.split(" ").map((name) => client.subscribe(name));
    for (const subscription of subscriptions) for (const name of events.split(" ")) subscription.bind(name, listener);
    return () => {
      for (const subscription of subscriptions) for (const name of events.split(" ")) subscription.unbind(name, listener);
    };
  }, [client, names, events]);
}
