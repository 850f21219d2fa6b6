import { pusherServer } from "@/lib/realtime";
import { authorizeSubscription } from "@/lib/realtime-auth";
import { getViewer } from "@/lib/session";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const { status, body } = authorizeSubscription(await getViewer(), pusherServer(), await request.text());
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
