import "server-only";
import type { Queryable } from "@/db/client";
import { companyRecipients, insertNotifications, type NewNotification } from "@/db/queries/notifications";
import { channels, publish } from "./realtime";

/**
 * Notifications are stored first and pushed second (PRODUCT.md §6): `store` runs inside
 * the caller's transaction; the returned `push` runs after it commits and never throws.
 */
export async function storeNotifications(db: Queryable, recipients: readonly string[], notification: NewNotification) {
  const stored = await insertNotifications(db, recipients, notification);
  return async () => {
    await Promise.all(
      stored.map((item) =>
        publish([channels.user(item.userId)], "notification.created", {
          id: item.id,
          type: item.type,
          title: item.title,
          body: item.body.slice(0, 500),
          link: item.link,
          createdAt: item.createdAt.toISOString(),
        }),
      ),
    );
  };
}

/** Tells a company's clients about something of theirs; returns the push to run after commit. */
export async function storeCompanyNotification(db: Queryable, companyId: string, notification: Omit<NewNotification, "companyId">) {
  return storeNotifications(db, await companyRecipients(db, companyId), { ...notification, companyId });
}
