import { pusherServer } from "@/lib/realtime";
import { authenticateRealtimeUser } from "@/lib/realtime-auth";
import { getViewer } from "@/lib/session";

export const dynamic = "force-dynamic";

// Pusher user authentication (pusher-js `signin()`): ties the socket to the viewer.
export async function POST(request: Request) {
  const { status, body } = authenticateRealtimeUser(await getViewer(), pusherServer(), await request.text());
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
