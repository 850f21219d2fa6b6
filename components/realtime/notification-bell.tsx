"use client";

import { Bell, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { useChannelEvent, useRealtime } from "./realtime-provider";

type Incoming = { id: string; title: string; body: string; link: string | null; count: number; createdAt: string; lastAt: string };

const TOAST_MS = 8000;

/**
 * The header bell: the unread count, raised live, plus a toast for each new notification.
 * A group that grows (a workflow failing again: same id, higher count) updates its toast
 * in place, or shows it again once its toast has expired, and never counts twice. After a
 * reconnect it asks the server for what happened meanwhile (Pusher does not replay); a
 * group comes back once, as it is now.
 */
export function NotificationBell({
  userId,
  href,
  initialUnread,
  asOf,
}: {
  userId: string;
  href: string;
  initialUnread: number;
  /** server time the initial count was taken: later notifications are new */
  asOf: string;
}) {
  const [unread, setUnread] = useState(initialUnread);
  const [toasts, setToasts] = useState<Incoming[]>([]);
  const seen = useRef(new Set<string>());
  const dismissed = useRef(new Set<string>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const newest = useRef(asOf);
  const { reconnects } = useRealtime();

  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  // Both use refs and state setters only: stable for the whole life of the bell.
  const expire = useCallback((id: string) => {
    const previous = timers.current.get(id);
    if (previous) clearTimeout(previous);
    timers.current.set(
      id,
      setTimeout(() => {
        timers.current.delete(id);
        setToasts((current) => current.filter((toast) => toast.id !== id));
      }, TOAST_MS),
    );
  }, []);

  /** Shows or updates the toast; true when this notification is new to this page. */
  const show = useCallback((notification: Incoming) => {
    const isNew = !seen.current.has(notification.id);
    seen.current.add(notification.id);
    if (notification.lastAt > newest.current) newest.current = notification.lastAt;
    if (dismissed.current.has(notification.id)) return isNew;
    setToasts((current) => {
      const index = current.findIndex((toast) => toast.id === notification.id);
      if (index < 0) return [...current.slice(-2), notification];
      const existing = current[index];
      // an older report of the same group (out of order) does not undo a newer one
      if (existing && existing.count > notification.count) return current;
      return current.map((toast, position) => (position === index ? notification : toast));
    });
    expire(notification.id);
    return isNew;
  }, [expire]);

  useChannelEvent<Incoming>(`private-user-${userId}`, "notification.created", (notification) => {
    // one stored before the count was taken is already in it; a group that grew is not new
    if (show(notification) && notification.createdAt > asOf) setUnread((count) => count + 1);
  });

  useEffect(() => {
    if (reconnects === 0) return;
    const since = encodeURIComponent(newest.current);
    void fetch(`/api/notifications/unread?since=${since}`, { cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ unread: number; missed: (Incoming & { read: boolean })[] }>) : null))
      .then((body) => {
        if (!body) return;
        // oldest first, so the toasts stack in the order things happened
        for (const notification of [...body.missed].reverse()) if (!notification.read) show(notification);
        setUnread(body.unread);
      });
  }, [reconnects, show]);

  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <>
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
      <div
        role="status"
        aria-live="polite"
        aria-label="New notifications"
        className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 print:hidden"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            data-testid="notification-toast"
            data-notification-id={toast.id}
            data-count={toast.count}
            className="pointer-events-auto rounded-lg border border-gray-200 bg-white p-4 text-sm shadow-lg"
          >
            <div className="flex items-start justify-between gap-2">
              <p className="font-semibold text-gray-900">{toast.title}</p>
              <button
                type="button"
                aria-label="Dismiss"
                onClick={() => {
                  dismissed.current.add(toast.id);
                  setToasts((current) => current.filter((item) => item.id !== toast.id));
                }}
                className={`rounded-sm text-gray-500 hover:text-gray-900 ${focusRing}`}
              >
                <X aria-hidden className="size-4" />
              </button>
            </div>
            {toast.body ? <p className="mt-1 line-clamp-2 text-gray-700">{toast.body}</p> : null}
            {toast.link ? (
              <Link href={toast.link} className={`mt-2 inline-block rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
                View
              </Link>
            ) : null}
          </div>
        ))}
      </div>
    </>
  );
}
