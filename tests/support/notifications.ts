import type { Database } from "@/db/client";
import { listNotifications, notificationViewer, type NotificationItem } from "@/db/queries/notifications";
import { tenantDatabase } from "@/db/tenant";
import { viewerFor } from "./context";

/**
 * A user's notifications as their notification center lists them (their own and, for a
 * client, their company's), read the way the client area reads: as nexus_app, scoped.
 */
export async function inboxOf(db: Database, email: string, limit = 100): Promise<NotificationItem[]> {
  const viewer = await viewerFor(db, email);
  const scoped = tenantDatabase(db, viewer.role === "admin" ? { kind: "all" } : { kind: "companies", companyIds: viewer.companyIds }, { userId: viewer.id, readOnly: true });
  return listNotifications(scoped, { viewer: await notificationViewer(scoped, viewer.id), limit });
}
