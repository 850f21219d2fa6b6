import { getDb } from "@/db";
import { countUnread } from "@/db/queries/notifications";
import { requireApi } from "@/lib/guards";

export const dynamic = "force-dynamic";

/** The signed-in user's unread count, for the bell after a realtime reconnect. */
export async function GET() {
  const { viewer, denied } = await requireApi("notifications.own");
  if (denied) return denied;
  const unread = await countUnread(getDb(), viewer.id);
  return Response.json({ unread }, { headers: { "Cache-Control": "no-store" } });
}
