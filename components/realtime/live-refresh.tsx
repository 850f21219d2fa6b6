"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useChannelEvent, useRealtime } from "./realtime-provider";

/**
 * Re-renders the current page from the server when `event` arrives on `channel`, at most
 * once per `intervalMs` however many events come, and once after a reconnect so nothing
 * missed meanwhile stays missing. The page reads the database (rollups), never the event.
 * With `settleMs`, it also refreshes that long after the last event: for pages whose
 * figures may be that old (lib/shared-result.ts), the screen ends on the final numbers.
 */
export function LiveRefresh({
  channel,
  event,
  intervalMs = 1000,
  settleMs,
  catchUp = false,
  only,
}: {
  channel: string | readonly string[];
  event: string | readonly string[];
  intervalMs?: number;
  settleMs?: number;
  /**
   * Refresh once when the subscription is established: an event sent between the server
   * render and the subscription is otherwise never seen (for rare events that matter,
   * like an alert opening, where an extra render per page load is worth it).
   */
  catchUp?: boolean;
  /** refresh only for events whose data carries these values (one run's page: its workflow) */
  only?: Readonly<Record<string, string>>;
}) {
  const router = useRouter();
  const { reconnects } = useRealtime();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = () => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      router.refresh();
    }, wait);
  };

  useChannelEvent<Record<string, unknown> | undefined>(channel, event, (data) => {
    if (only && !Object.entries(only).every(([key, value]) => data?.[key] === value)) return;
    refresh();
    if (settleMs === undefined) return;
    if (settle.current) clearTimeout(settle.current);
    settle.current = setTimeout(() => {
      settle.current = null;
      refresh();
    }, settleMs);
  });

  useChannelEvent(catchUp ? channel : null, "pusher:subscription_succeeded", () => refresh());

  useEffect(() => {
    if (reconnects > 0) router.refresh();
  }, [reconnects, router]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
      if (settle.current) clearTimeout(settle.current);
    },
    [],
  );
  return null;
}
