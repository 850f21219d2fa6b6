import { Bell } from "lucide-react";
import Link from "next/link";
import type { NotificationItem } from "@/db/queries/notifications";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import type { FormAction } from "@/lib/action";
import { MarkReadButton } from "./mark-read-button";

/** The notification center of either area: unread/all filter, mark read, live arrivals. */
export function NotificationCenter<T>({
  markReadAction,
  basePath,
  userId,
  items,
  unreadOnly,
  unread,
}: {
  /** app/(client)/notifications/actions.ts markNotificationsReadAction, from the page */
  markReadAction: FormAction<T>;
  basePath: string;
  userId: string;
  items: NotificationItem[];
  unreadOnly: boolean;
  unread: number;
}) {
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${focusRing} ${active ? "bg-indigo-50 text-indigo-800" : "text-gray-700 hover:bg-gray-100"}`;
  return (
    <div className="space-y-4">
      <LiveRefresh channel={`private-user-${userId}`} event="notification.created" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter notifications" className="flex gap-2">
          <Link prefetch={false} href={`${basePath}?filter=unread`} className={tab(unreadOnly)} aria-current={unreadOnly ? "page" : undefined}>
            Unread ({unread})
          </Link>
          <Link prefetch={false} href={basePath} className={tab(!unreadOnly)} aria-current={unreadOnly ? undefined : "page"}>
            All
          </Link>
        </nav>
        {unread > 0 ? <MarkReadButton target="all" label="Mark all read" action={markReadAction} /> : null}
      </div>
      {items.length === 0 ? (
        <EmptyState
          icon={Bell}
          title={unreadOnly ? "You are all caught up" : "No notifications yet"}
          text="Failed runs, paused or resumed workflows, credential access, invoices and changes to your account are announced here."
        />
      ) : (
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white shadow-sm" data-testid="notification-list">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-notification-id={item.id}>
              <div className="min-w-0">
                <p className="text-sm font-medium text-gray-900">
                  {item.readAt ? null : <span className="mr-2 inline-block rounded bg-indigo-600 px-1.5 text-xs text-white">New</span>}
                  {item.link ? (
                    <Link prefetch={false} href={item.link} className={`hover:underline ${focusRing}`}>
                      {item.title}
                    </Link>
                  ) : (
                    item.title
                  )}
                </p>
                {item.body ? <p className="mt-0.5 text-sm text-gray-700">{item.body}</p> : null}
                <p className="mt-0.5 text-xs text-gray-600">
                  <DateTime value={item.createdAt} />
                </p>
              </div>
              {item.readAt ? null : <MarkReadButton target={item.id} label="Mark read" action={markReadAction} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
