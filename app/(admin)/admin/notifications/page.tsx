import type { Metadata } from "next";
import { getDb } from "@/db";
import { countUnread, listNotifications } from "@/db/queries/notifications";
import { NotificationCenter } from "@/components/notifications/notification-center";
import { markNotificationsReadAction } from "@/app/(client)/notifications/actions";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ filter?: string | string[] }> }) {
  const viewer = await requirePage("notifications.own", "/admin/notifications");
  const unreadOnly = (await searchParams).filter === "unread";
  const db = getDb();
  const [items, unread] = await Promise.all([
    listNotifications(db, { userId: viewer.id, unreadOnly, limit: 50 }),
    countUnread(db, viewer.id),
  ]);
  return (
    <>
      <PageHeader title="Notifications" description="What happened that you should know about, newest first." />
      <NotificationCenter markReadAction={markNotificationsReadAction} basePath="/admin/notifications" userId={viewer.id} items={items} unreadOnly={unreadOnly} unread={unread} />
    </>
  );
}
