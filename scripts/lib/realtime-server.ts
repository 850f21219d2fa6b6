// A Pusher Channels (protocol 7) server for local development and tests: the hosted service
// in production, this on loopback otherwise (PRODUCT.md §6; soketi does not install here,
// STACK.md). It speaks to the real `pusher` and `pusher-js` clients: WebSocket at /app/:key
// and the signed HTTP API at /apps/:appId/…, with hosted Pusher's limits, so code that
// works here does not break there. State lives in memory; nothing is persisted.
import { createHash, createHmac, randomInt, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

const MAX_EVENT_DATA_BYTES = 10 * 1024; // hosted limit per event
const MAX_CHANNELS_PER_TRIGGER = 100;
const MAX_BATCH_EVENTS = 10;
const MAX_PRESENCE_MEMBERS = 100;
const MAX_BODY_BYTES = 256 * 1024;
const TIMESTAMP_TOLERANCE_SECONDS = 600;
const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;
const SOCKET_ID = /^\d+\.\d+$/;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

type Member = { userId: string; userInfo: unknown };
/**
 * One WebSocket; `channels` maps each subscribed channel to its presence member (or null);
 * `userId` is set once the connection signs in (Pusher user authentication).
 */
type Connection = { id: string; socket: WebSocket; channels: Map<string, Member | null>; userId?: string };
type TriggeredEvent = { name: string; data: string; channels: string[]; socketId?: string };

export type RealtimeServer = { port: number; host: string; close(): Promise<void> };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Constant-time string comparison, so a forged signature learns nothing from timing. */
function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startRealtimeServer(options: {
  appId: string;
  key: string;
  secret: string;
  port?: number; // 0: a free port the system picks
  host?: string; // loopback only: the secret is a development one
}): Promise<RealtimeServer> {
  const { appId, key, secret } = options;
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host)) throw new Error(`The realtime server listens on loopback only, not ${host}`);

  const sign = (text: string) => createHmac("sha256", secret).update(text).digest("hex");
  const connections = new Set<Connection>();
  const channels = new Map<string, Set<Connection>>(); // occupied channels only
  let connectionCount = 0;

  const send = (connection: Connection, event: string, data: unknown, channel?: string) =>
    connection.socket.send(JSON.stringify({ event, ...(channel ? { channel } : {}), data }));

  /** Distinct presence users of a channel: several connections of one user count once. */
  function members(channel: string): Map<string, unknown> {
    const result = new Map<string, unknown>();
    for (const connection of channels.get(channel) ?? []) {
      const member = connection.channels.get(channel);
      if (member && !result.has(member.userId)) result.set(member.userId, member.userInfo);
    }
    return result;
  }

  function broadcast(channel: string, message: string, except?: Connection | string) {
    for (const connection of channels.get(channel) ?? []) {
      if (connection !== except && connection.id !== except) connection.socket.send(message);
    }
  }

  function subscribe(connection: Connection, data: Record<string, unknown>) {
    const channel = typeof data.channel === "string" ? data.channel : "";
    const channelData = typeof data.channel_data === "string" ? data.channel_data : undefined;
    const fail = (error: string, status = 401) =>
      send(connection, "pusher:subscription_error", { type: "AuthError", error, status }, channel);
    // pusher-js joins its server-to-user channel after signing in; only that user may.
    if (channel.startsWith("#server-to-user-")) {
      if (!connection.userId || channel !== `#server-to-user-${connection.userId}`) return fail("Sign in first", 403);
      connection.channels.set(channel, null);
      channels.set(channel, (channels.get(channel) ?? new Set()).add(connection));
      return send(connection, "pusher_internal:subscription_succeeded", "{}", channel);
    }
    if (!CHANNEL_NAME.test(channel)) return fail("Invalid channel name", 400);

    const isPresence = channel.startsWith("presence-");
    let member: Member | null = null;
    if (isPresence || channel.startsWith("private-")) {
      // The signature covers the socket, the channel and (presence) the member it claims to be.
      const signed = [connection.id, channel, ...(isPresence ? [channelData ?? ""] : [])].join(":");
      if (typeof data.auth !== "string" || !safeEqual(data.auth, `${key}:${sign(signed)}`)) {
        return fail("Invalid signature");
      }
    }
    if (isPresence) {
      const parsed = parseJson(channelData ?? "");
      const userId = isRecord(parsed) ? parsed.user_id : undefined;
      if (typeof userId !== "string" && typeof userId !== "number") return fail("channel_data needs a user_id", 400);
      // user_info is optional; null keeps the member in the presence hash pusher-js iterates.
      member = { userId: String(userId), userInfo: (isRecord(parsed) ? parsed.user_info : undefined) ?? null };
      const current = members(channel);
      if (!current.has(member.userId) && current.size >= MAX_PRESENCE_MEMBERS) {
        return fail(`Presence channels allow ${MAX_PRESENCE_MEMBERS} members`, 403);
      }
    }

    if (!connection.channels.has(channel)) {
      const isNewMember = member !== null && !members(channel).has(member.userId);
      connection.channels.set(channel, member);
      channels.set(channel, (channels.get(channel) ?? new Set()).add(connection));
      if (member && isNewMember) {
        const added = JSON.stringify({ user_id: member.userId, user_info: member.userInfo });
        broadcast(channel, JSON.stringify({ event: "pusher_internal:member_added", channel, data: added }), connection);
      }
    }
    const present = isPresence ? members(channel) : null;
    const presence = present && { ids: [...present.keys()], hash: Object.fromEntries(present), count: present.size };
    send(connection, "pusher_internal:subscription_succeeded", JSON.stringify(presence ? { presence } : {}), channel);
  }

  /** User authentication: the app signed "<socket id>::user::<user data>" for this socket. */
  function signin(connection: Connection, data: Record<string, unknown>) {
    const userData = typeof data.user_data === "string" ? data.user_data : "";
    const parsed = parseJson(userData);
    const id = isRecord(parsed) ? parsed.id : undefined;
    const signed = `${connection.id}::user::${userData}`;
    if (typeof data.auth !== "string" || !safeEqual(data.auth, `${key}:${sign(signed)}`) || typeof id !== "string" || !id) {
      send(connection, "pusher:error", { code: 4009, message: "Invalid user authentication" });
      connection.socket.close(4009, "Unauthorized");
      return;
    }
    connection.userId = id;
    send(connection, "pusher:signin_success", { user_data: userData });
  }

  function unsubscribe(connection: Connection, channel: string) {
    if (!connection.channels.has(channel)) return;
    const member = connection.channels.get(channel);
    connection.channels.delete(channel);
    const subscribers = channels.get(channel);
    subscribers?.delete(connection);
    if (subscribers?.size === 0) channels.delete(channel);
    // A member leaves only with their last connection to the channel.
    if (member && !members(channel).has(member.userId)) {
      const data = JSON.stringify({ user_id: member.userId });
      broadcast(channel, JSON.stringify({ event: "pusher_internal:member_removed", channel, data }));
    }
  }

  function onMessage(connection: Connection, text: string) {
    const message = parseJson(text);
    if (!isRecord(message) || typeof message.event !== "string") return;
    const { event, channel } = message;
    // Clients send data as an object; accept a JSON string too.
    const data = typeof message.data === "string" ? parseJson(message.data) : message.data;

    if (event === "pusher:ping") return send(connection, "pusher:pong", {});
    if (event === "pusher:signin" && isRecord(data)) return signin(connection, data);
    if (event === "pusher:subscribe" && isRecord(data)) return subscribe(connection, data);
    if (event === "pusher:unsubscribe" && isRecord(data) && typeof data.channel === "string") {
      return unsubscribe(connection, data.channel);
    }
    if (event.startsWith("client-") && typeof channel === "string") {
      // Client events need an authenticated channel (not an encrypted one) the sender is on.
      const allowed = /^(private-(?!encrypted-)|presence-)/.test(channel) && connection.channels.has(channel);
      if (!allowed) return send(connection, "pusher:error", { code: null, message: `Client event rejected: ${channel}` });
      if (JSON.stringify(message.data ?? null).length > MAX_EVENT_DATA_BYTES) {
        return send(connection, "pusher:error", { code: null, message: "Client event data over 10 KB" });
      }
      const userId = connection.channels.get(channel)?.userId;
      broadcast(channel, JSON.stringify({ event, channel, data: message.data, ...(userId ? { user_id: userId } : {}) }), connection);
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  function onConnection(socket: WebSocket, appKey: string) {
    if (appKey !== key) {
      // 4001 (4000–4099) tells pusher-js not to reconnect.
      socket.send(JSON.stringify({ event: "pusher:error", data: { code: 4001, message: `App key ${appKey} not in this cluster` } }));
      socket.close(4001, "Unknown app key");
      return;
    }
    const connection: Connection = { id: `${randomInt(1, 1e9)}.${++connectionCount}`, socket, channels: new Map() };
    connections.add(connection);
    socket.on("message", (raw) => onMessage(connection, raw.toString()));
    socket.on("close", () => {
      connections.delete(connection);
      for (const channel of [...connection.channels.keys()]) unsubscribe(connection, channel);
    });
    socket.on("error", () => socket.terminate());
    send(connection, "pusher:connection_established", JSON.stringify({ socket_id: connection.id, activity_timeout: 120 }));
  }

  /** Pusher's request signing: key, fresh timestamp, body digest, HMAC over method, path and sorted query. */
  function authenticate(method: string, url: URL, body: string) {
    const query = url.searchParams;
    const signature = query.get("auth_signature");
    if (query.get("auth_key") !== key || query.get("auth_version") !== "1.0" || !signature) {
      throw new HttpError(401, "Missing or unknown auth_key, auth_version or auth_signature");
    }
    const timestamp = Number(query.get("auth_timestamp") ?? "");
    if (!timestamp || Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_SECONDS) {
      throw new HttpError(401, "Timestamp expired: given auth_timestamp is more than 600 s off");
    }
    if ((body || query.has("body_md5")) && query.get("body_md5") !== createHash("md5").update(body).digest("hex")) {
      throw new HttpError(401, "body_md5 does not match the body");
    }
    const signed = [...query.entries()]
      .filter(([name]) => name !== "auth_signature")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join("&");
    if (!safeEqual(signature, sign(`${method}\n${url.pathname}\n${signed}`))) throw new HttpError(401, "Invalid signature");
  }

  function parseEvent(body: unknown): TriggeredEvent {
    if (!isRecord(body)) throw new HttpError(400, "Expected a JSON object");
    const { name, data, socket_id: socketId } = body;
    const targets = body.channels ?? (body.channel === undefined ? undefined : [body.channel]);
    if (typeof name !== "string" || name.length === 0 || name.length > 200) throw new HttpError(400, "Invalid event name");
    if (typeof data !== "string") throw new HttpError(400, "data must be a string");
    if (!Array.isArray(targets) || targets.length === 0) throw new HttpError(400, "Missing channels");
    if (targets.length > MAX_CHANNELS_PER_TRIGGER) throw new HttpError(400, "More than 100 channels");
    const names = targets.filter((target): target is string => typeof target === "string" && CHANNEL_NAME.test(target));
    if (names.length !== targets.length) throw new HttpError(400, "Invalid channel name");
    if (socketId !== undefined && (typeof socketId !== "string" || !SOCKET_ID.test(socketId))) {
      throw new HttpError(400, "Invalid socket_id");
    }
    if (Buffer.byteLength(data) > MAX_EVENT_DATA_BYTES) throw new HttpError(413, "Event data over 10 KB");
    return { name, data, channels: names, socketId };
  }

  function deliver({ name, data, channels: targets, socketId }: TriggeredEvent) {
    for (const channel of targets) broadcast(channel, JSON.stringify({ event: name, channel, data }), socketId);
  }

  function channelInfo(channel: string, info: string[]) {
    const isPresence = channel.startsWith("presence-");
    if (info.includes("user_count") && !isPresence) throw new HttpError(400, "user_count is for presence channels");
    return {
      ...(info.includes("user_count") ? { user_count: members(channel).size } : {}),
      ...(info.includes("subscription_count") ? { subscription_count: channels.get(channel)?.size ?? 0 } : {}),
    };
  }

  /** Routes a request that passed authentication; returns the JSON body of a 200. */
  function route(method: string, path: string, query: URLSearchParams, body: unknown): unknown {
    const info = (query.get("info") ?? "").split(",").filter(Boolean);
    const segments = path.split("/").slice(1).map(decodeURIComponent);
    const name = segments[1] ?? "";
    switch (`${method} ${segments.map((segment, index) => (index === 1 ? ":name" : segment)).join("/")}`) {
      case "POST events":
        deliver(parseEvent(body));
        return {};
      case "POST batch_events": {
        const batch = isRecord(body) ? body.batch : undefined;
        if (!Array.isArray(batch)) throw new HttpError(400, "Expected {batch: [...]}");
        if (batch.length > MAX_BATCH_EVENTS) throw new HttpError(400, "More than 10 events in a batch");
        batch.map(parseEvent).forEach(deliver); // every event valid, or none is sent
        return {};
      }
      case "GET channels": {
        const prefix = query.get("filter_by_prefix") ?? "";
        if (info.includes("user_count") && !prefix.startsWith("presence-")) {
          throw new HttpError(400, "info=user_count needs filter_by_prefix=presence-");
        }
        const occupied = [...channels.keys()].filter((channel) => channel.startsWith(prefix));
        return { channels: Object.fromEntries(occupied.map((channel) => [channel, channelInfo(channel, info)])) };
      }
      case "GET channels/:name":
        return { occupied: channels.has(name), ...channelInfo(name, info) };
      case "GET channels/:name/users":
        if (!name.startsWith("presence-")) throw new HttpError(400, "Users are listed for presence channels only");
        return { users: [...members(name).keys()].map((id) => ({ id })) };
      case "POST users/:name/terminate_connections":
        for (const connection of connections) {
          const isUser = connection.userId === name || [...connection.channels.values()].some((member) => member?.userId === name);
          if (!isUser) continue;
          // 4009 (4000–4099): pusher-js stays disconnected instead of reconnecting.
          send(connection, "pusher:error", { code: 4009, message: "Connection terminated by the app" });
          connection.socket.close(4009, "Terminated");
        }
        return {};
      default:
        throw new HttpError(404, "Not found");
    }
  }

  async function readBody(request: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large");
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  async function onRequest(request: http.IncomingMessage, response: http.ServerResponse) {
    const reply = (status: number, body: string, type = "text/plain") =>
      response.writeHead(status, { "content-type": type }).end(body);
    try {
      const url = new URL(request.url ?? "/", "http://localhost");
      const method = request.method ?? "GET";
      const prefix = `/apps/${encodeURIComponent(appId)}/`;
      if (!url.pathname.startsWith(prefix)) throw new HttpError(404, "Unknown app");
      const text = await readBody(request);
      authenticate(method, url, text);
      const body = text ? parseJson(text) : undefined;
      if (text && body === undefined) throw new HttpError(400, "Invalid JSON body");
      const result = route(method, url.pathname.slice(prefix.length - 1), url.searchParams, body);
      reply(200, JSON.stringify(result), "application/json");
    } catch (error) {
      if (error instanceof HttpError) reply(error.status, error.message);
      else if (error instanceof URIError) reply(400, "Malformed path");
      else reply(500, "Internal error");
    }
  }

  const server = http.createServer((request, response) => void onRequest(request, response));
  server.on("upgrade", (request, socket, head) => {
    const match = /^\/app\/([^/?]+)/.exec(request.url ?? "");
    if (!match?.[1]) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    const appKey = match[1];
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, appKey));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    host,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections(); // keep-alive HTTP sockets of the pusher SDK
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
