import { Bell } from "lucide-react";
import Link from "next/link";
import type { NotificationItem } from "@/db/queries/notifications";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import type { FormAction } from "@/lib/action";
import { notificationDetail, notificationHeadline } from "@/lib/notification-kinds";
import { MarkReadButton } from "./mark-read-button";

/** How many a page shows; the page asks for one more to know whether older ones exist. */
export const NOTIFICATION_PAGE_SIZE = 50;

/**
 * The notification center of either area: unread/all filter, mark read, live arrivals
 * (a group that grows moves to the top), keyset pages of older ones.
 */
export function NotificationCenter<T>({
  markReadAction,
  basePath,
  userId,
  items: fetched,
  unreadOnly,
  unread,
  paged,
}: {
  /** app/(client)/notifications/actions.ts markNotificationsReadAction, from the page */
  markReadAction: FormAction<T>;
  basePath: string;
  userId: string;
  /** up to NOTIFICATION_PAGE_SIZE + 1 */
  items: NotificationItem[];
  unreadOnly: boolean;
  unread: number;
  /** this is an older page (?after=) */
  paged: boolean;
}) {
  const items = fetched.slice(0, NOTIFICATION_PAGE_SIZE);
  const older = fetched.length > NOTIFICATION_PAGE_SIZE ? items.at(-1)?.cursor : undefined;
  const filter = unreadOnly ? "filter=unread&" : "";
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${focusRing} ${active ? "bg-indigo-50 text-indigo-800" : "text-gray-700 hover:bg-gray-100"}`;
  return (
    <div className="space-y-4">
      <LiveRefresh channel={`private-user-${userId}`} event="notification.created" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter notifications" className="flex gap-2">
          <Link prefetch={false} href={`${basePath}?filter=unread`} className={tab(unreadOnly)} aria-current={unreadOnly ? "page" : undefined}>
            Unread ({unread > 999 ? "999+" : unread})
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
          {items.map((item) => {
            const headline = notificationHeadline(item);
            const detail = notificationDetail(item);
            return (
              <li key={item.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3" data-notification-id={item.id} data-count={item.count}>
                <div className="min-w-0">
                  <p className="text-sm font-medium text-gray-900">
                    {item.read ? null : <span className="mr-2 inline-block rounded bg-indigo-600 px-1.5 text-xs text-white">New</span>}
                    {item.link ? (
                      <Link prefetch={false} href={item.link} className={`hover:underline ${focusRing}`}>
                        {headline}
                      </Link>
                    ) : (
                      headline
                    )}
                  </p>
                  {detail ? <p className="mt-0.5 line-clamp-3 text-sm text-gray-700">{detail}</p> : null}
                  <p className="mt-0.5 text-xs text-gray-600">
                    {item.count > 1 ? "Last " : null}
                    <DateTime value={item.lastAt} />
                  </p>
                </div>
                {item.read ? null : <MarkReadButton target={item.id} label="Mark read" action={markReadAction} />}
              </li>
            );
          })}
        </ul>
      )}
      {paged || older ? (
        <nav aria-label="Older and newer notifications" className="flex justify-between gap-3 text-sm">
          {paged ? (
            <Link prefetch={false} href={unreadOnly ? `${basePath}?filter=unread` : basePath} className={`rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
              Newest
            </Link>
          ) : (
            <span />
          )}
          {older ? (
            <Link prefetch={false} href={`${basePath}?${filter}after=${encodeURIComponent(older)}`} className={`rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`}>
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
