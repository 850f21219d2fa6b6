import "server-only";
import { markRead } from "@/db/queries/notifications";
import { command } from "@/lib/action";
import { markReadSchema } from "./schema";

/** Marks one or all of the viewer's own notifications read; other users' ids are ignored. */
export const markNotificationsRead = command({
  capability: "notifications.own",
  schema: markReadSchema,
  run: async ({ db, viewer }, input) => {
    const changed = await markRead(db, { userId: viewer.id, ids: input.target === "all" ? "all" : [input.target] });
    return { ok: true, message: changed === 1 ? "Marked as read." : `${changed} notifications marked as read.` };
  },
});
