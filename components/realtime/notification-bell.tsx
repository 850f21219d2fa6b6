"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { useChannelEvent, useRealtime } from "./realtime-provider";

/** The header bell: the unread count, raised live and re-read after a reconnect. */
export function NotificationBell({ userId, href, initialUnread }: { userId: string; href: string; initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const [seen] = useState(() => new Set<string>());
  const { reconnects } = useRealtime();

  useEffect(() => setUnread(initialUnread), [initialUnread]);

  useChannelEvent<{ id: string }>(`private-user-${userId}`, "notification.created", (notification) => {
    if (seen.has(notification.id)) return;
    seen.add(notification.id);
    setUnread((count) => count + 1);
  });

  // Pusher does not replay what was missed while disconnected: ask the server.
  useEffect(() => {
    if (reconnects === 0) return;
    void fetch("/api/notifications/unread", { cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ unread: number }>) : null))
      .then((body) => {
        if (body) setUnread(body.unread);
      });
  }, [reconnects]);

  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link href={href} aria-label={label} className={`relative rounded-full p-2 text-gray-700 hover:bg-gray-100 hover:text-gray-900 ${focusRing}`}>
      <Bell aria-hidden className="size-5" />
      {unread > 0 ? (
        <span
          data-testid="unread-count"
          className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
