import "server-only";
import type { Database } from "@/db/client";
import { deleteReadNotifications } from "@/db/queries/notifications";
import { getNotificationSettings } from "@/db/queries/settings";

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 5_000;
const MAX_BATCHES = 40;

/**
 * Deletes read notifications older than the platform's retention (scheduled nightly by
 * lib/scheduled-tasks.ts): in batches of a few thousand, each its own statement, so a
 * first run over years of history never holds long locks; what is left waits for the next
 * night. Unread ones are never deleted. Returns how many were deleted.
 */
export async function deleteOldReadNotifications(db: Database, now: Date): Promise<number> {
  const { readNotificationRetentionDays } = await getNotificationSettings(db);
  const before = new Date(now.getTime() - readNotificationRetentionDays * DAY_MS);
  let deleted = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
    const count = await deleteReadNotifications(db, { before, limit: BATCH });
    deleted += count;
    if (count < BATCH) break;
  }
  return deleted;
}
