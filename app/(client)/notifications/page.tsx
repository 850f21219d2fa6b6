import type { Metadata } from "next";
import { countUnread, listNotifications, notificationViewer } from "@/db/queries/notifications";
import { NotificationCenter, NOTIFICATION_PAGE_SIZE } from "@/components/notifications/notification-center";
import { markNotificationsReadAction } from "@/app/(client)/notifications/actions";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { notificationPageSchema } from "./schema";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePage("notifications.own", "/notifications");
  const { unreadOnly, after } = notificationPageSchema.parse(await searchParams);
  const db = clientAreaReads(viewer);
  const state = await notificationViewer(db, viewer.id);
  const [items, unread] = await Promise.all([
    listNotifications(db, { viewer: state, unreadOnly, cursor: after, limit: NOTIFICATION_PAGE_SIZE + 1 }),
    countUnread(db, state),
  ]);
  return (
    <>
      <PageHeader title="Notifications" description="What happened that you should know about, newest first." />
      <NotificationCenter markReadAction={markNotificationsReadAction} basePath="/notifications" userId={viewer.id} items={items} unreadOnly={unreadOnly} unread={unread} paged={after !== null} />
    </>
  );
}
