import "server-only";
import type { Queryable } from "../client";
import { scheduledTaskRuns } from "../schema";

/**
 * Claims a scheduled task's slot: true for exactly one caller, however many workers and
 * cron calls ask at once (the primary key decides), so no task runs twice for one slot.
 */
export async function claimTaskSlot(db: Queryable, { task, slot }: { task: string; slot: Date }): Promise<boolean> {
  const rows = await db.insert(scheduledTaskRuns).values({ task, slot }).onConflictDoNothing().returning({ task: scheduledTaskRuns.task });
  return rows.length > 0;
}
