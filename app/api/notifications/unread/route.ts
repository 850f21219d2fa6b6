import { z } from "zod";
import { getDb } from "@/db";
import { countUnread, listNotificationsSince, notificationViewer } from "@/db/queries/notifications";
import { requireApi } from "@/lib/guards";
import { notificationEvent } from "@/lib/notify";

export const dynamic = "force-dynamic";

const querySchema = z.object({ since: z.iso.datetime({ offset: true }).optional() });

/**
 * The signed-in user's unread count and, with `since`, the notifications that happened or
 * grew after it: what the bell missed while its realtime connection was down (a group that
 * grew meanwhile comes once, as it is now).
 */
export async function GET(request: Request) {
  const { viewer, denied } = await requireApi("notifications.own");
  if (denied) return denied;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "since must be an ISO date-time." }, { status: 400 });
  const db = getDb();
  const { since } = parsed.data;
  const state = await notificationViewer(db, viewer.id);
  const [unread, missed] = await Promise.all([
    countUnread(db, state),
    since ? listNotificationsSince(db, { viewer: state, since: new Date(since) }) : Promise.resolve([]),
  ]);
  return Response.json(
    {
      unread,
      missed: missed.map((item) => ({ ...notificationEvent(item), read: item.read })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
