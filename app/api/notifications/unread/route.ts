import { z } from "zod";
import { getDb } from "@/db";
import { countUnread, listNotificationsSince } from "@/db/queries/notifications";
import { requireApi } from "@/lib/guards";

export const dynamic = "force-dynamic";

const querySchema = z.object({ since: z.iso.datetime({ offset: true }).optional() });

/**
 * The signed-in user's unread count and, with `since`, the notifications created after it:
 * what the bell missed while its realtime connection was down.
 */
export async function GET(request: Request) {
  const { viewer, denied } = await requireApi("notifications.own");
  if (denied) return denied;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "since must be an ISO date-time." }, { status: 400 });
  const db = getDb();
  const { since } = parsed.data;
  const [unread, missed] = await Promise.all([
    countUnread(db, viewer.id),
    since ? listNotificationsSince(db, { userId: viewer.id, since: new Date(since) }) : Promise.resolve([]),
  ]);
  return Response.json(
    {
      unread,
      missed: missed.map((item) => ({
        id: item.id,
        title: item.title,
        body: item.body.slice(0, 500),
        link: item.link,
        createdAt: item.createdAt.toISOString(),
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
