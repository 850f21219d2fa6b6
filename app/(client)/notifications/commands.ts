import "server-only";
import { markAllRead, markRead, notificationViewer } from "@/db/queries/notifications";
import { command } from "@/lib/action";
import { markReadSchema } from "./schema";

/**
 * Marks one or all of the viewer's own notifications read (their company's included);
 * other users' and other companies' ids are ignored. "All" is one write: the viewer's
 * read watermark, however long the history.
 */
export const markNotificationsRead = command({
  capability: "notifications.own",
  schema: markReadSchema,
  run: async ({ db, viewer }, input) => {
    const state = await notificationViewer(db, viewer.id);
    const changed = input.target === "all" ? await markAllRead(db, state) : await markRead(db, { viewer: state, ids: [input.target] });
    return { ok: true, message: changed === 1 ? "Marked as read." : `${changed} notifications marked as read.` };
  },
});
