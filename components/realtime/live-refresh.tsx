"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useChannelEvent, useRealtime } from "./realtime-provider";

/**
 * Re-renders the current page from the server when `event` arrives on `channel`, at most
 * once per `intervalMs` however many events come, and once after a reconnect so nothing
 * missed meanwhile stays missing. The page reads the database (rollups), never the event.
 */
export function LiveRefresh({
  channel,
  event,
  intervalMs = 1000,
}: {
  channel: string | readonly string[];
  event: string | readonly string[];
  intervalMs?: number;
}) {
  const router = useRouter();
  const { reconnects } = useRealtime();
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = () => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + intervalMs - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      router.refresh();
    }, wait);
  };

  useChannelEvent(channel, event, refresh);

  useEffect(() => {
    if (reconnects > 0) router.refresh();
  }, [reconnects, router]);

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  return null;
}
