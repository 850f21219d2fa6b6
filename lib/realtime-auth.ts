import "server-only";
import type Pusher from "pusher";
import { z } from "zod";
import { canSubscribe, type Viewer } from "./authz";

// pusher-js posts channel auth as a form: socket_id and channel_name.
const subscriptionSchema = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "bad socket id"),
  channel_name: z.string().min(1).max(164),
});

/**
 * Signs a private or presence subscription only when lib/authz allows this viewer on
 * that channel. Returns the HTTP status and body /api/realtime/auth answers with.
 */
export function authorizeSubscription(
  viewer: Viewer | null,
  pusher: Pusher | null,
  formBody: string,
): { status: number; body: unknown } {
  if (!viewer) return { status: 403, body: { error: "Sign in first." } };
  if (!pusher) return { status: 503, body: { error: "Realtime is not configured." } };
  const parsed = subscriptionSchema.safeParse(Object.fromEntries(new URLSearchParams(formBody)));
  if (!parsed.success) return { status: 400, body: { error: "Send socket_id and channel_name." } };
  const { socket_id: socketId, channel_name: channel } = parsed.data;
  if (!canSubscribe(viewer, channel)) return { status: 403, body: { error: "Not allowed on this channel." } };
  if (channel.startsWith("presence-")) {
    const member = { user_id: viewer.id, user_info: { name: viewer.name ?? viewer.email, role: viewer.role } };
    return { status: 200, body: pusher.authorizeChannel(socketId, channel, member) };
  }
  return { status: 200, body: pusher.authorizeChannel(socketId, channel) };
}

const signinSchema = z.object({ socket_id: subscriptionSchema.shape.socket_id });

/**
 * Pusher user authentication: binds this socket to the signed-in user, so deactivation can
 * close all of that user's connections (lib/realtime.ts disconnectUser).
 */
export function authenticateRealtimeUser(
  viewer: Viewer | null,
  pusher: Pusher | null,
  formBody: string,
): { status: number; body: unknown } {
  if (!viewer) return { status: 403, body: { error: "Sign in first." } };
  if (!pusher) return { status: 503, body: { error: "Realtime is not configured." } };
  const parsed = signinSchema.safeParse(Object.fromEntries(new URLSearchParams(formBody)));
  if (!parsed.success) return { status: 400, body: { error: "Send socket_id." } };
  return { status: 200, body: pusher.authenticateUser(parsed.data.socket_id, { id: viewer.id }) };
}
