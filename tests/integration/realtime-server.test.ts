// The local Pusher-protocol server, driven by the real clients: the `pusher` server SDK over
// HTTP and `pusher-js` over WebSocket, as the app uses them against hosted Pusher.
import { createHash, createHmac } from "node:crypto";
import PusherServer from "pusher";
import Pusher, { type Channel, type PresenceChannel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startRealtimeServer } from "@/scripts/lib/realtime-server";

const APP = { appId: "4242", key: "local-key", secret: "local-secret" };
const QUIET_MS = 150; // how long "nothing arrives" is watched

let server: Awaited<ReturnType<typeof startRealtimeServer>>;
let sdk: PusherServer;
const clients: Pusher[] = [];

beforeAll(async () => {
  server = await startRealtimeServer({ ...APP, port: 0 });
  sdk = new PusherServer({ ...APP, host: "127.0.0.1", port: String(server.port), useTLS: false });
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.close();
});

/** A connected pusher-js client; `user` signs presence subscriptions, `forge` signs nothing right. */
async function connect(
  options: { user?: PusherServer.PresenceChannelData; forge?: boolean; key?: string; signinAs?: string } = {},
) {
  const client = new Pusher(options.key ?? APP.key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) =>
        options.forge
          ? callback(null, { auth: `${APP.key}:${"0".repeat(64)}` })
          : callback(null, sdk.authorizeChannel(socketId, channelName, options.user)),
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) =>
        options.forge
          ? callback(null, { auth: `${APP.key}:${"0".repeat(64)}`, user_data: JSON.stringify({ id: options.signinAs }) })
          : callback(null, sdk.authenticateUser(socketId, { id: options.signinAs ?? "nobody" })),
    },
  });
  clients.push(client);
  if (options.key === undefined) await new Promise<void>((resolve) => client.connection.bind("connected", resolve));
  return client;
}

function subscribe<T extends Channel = Channel>(client: Pusher, name: string): Promise<T> {
  const channel = client.subscribe(name) as T;
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
}

/** Every event of that name on the channel, in arrival order. */
function record(channel: Channel, event: string): unknown[] {
  const received: unknown[] = [];
  channel.bind(event, (data: unknown) => received.push(data));
  return received;
}

type Emitter = { bind(event: string, callback: (data: unknown) => void): unknown; unbind(event: string, callback: (data: unknown) => void): unknown };

/** The next such event of a channel or a connection, or a failure after timeoutMs. */
function next(emitter: Emitter, event: string, timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${timeoutMs} ms`)), timeoutMs);
    const handler = (data: unknown) => {
      clearTimeout(timer);
      emitter.unbind(event, handler);
      resolve(data);
    };
    emitter.bind(event, handler);
  });
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

async function until(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The status of a rejected SDK call (RequestError carries it). */
async function status(request: Promise<unknown>): Promise<number> {
  try {
    await request;
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? 0;
  }
}

/** A raw HTTP API request signed like the SDK does, with knobs to break each part. */
async function rawRequest(
  method: "GET" | "POST",
  path: string,
  options: { body?: string; secret?: string; timestamp?: number; bodyMd5?: string; omitSignature?: boolean } = {},
) {
  const { body, secret = APP.secret, timestamp = Math.floor(Date.now() / 1000) } = options;
  const params: Record<string, string> = { auth_key: APP.key, auth_timestamp: String(timestamp), auth_version: "1.0" };
  if (body !== undefined) params.body_md5 = options.bodyMd5 ?? createHash("md5").update(body).digest("hex");
  const query = Object.keys(params).sort().map((name) => `${name}=${params[name]}`).join("&");
  const fullPath = `/apps/${APP.appId}${path}`;
  const signature = createHmac("sha256", secret).update(`${method}\n${fullPath}\n${query}`).digest("hex");
  const url = `http://127.0.0.1:${server.port}${fullPath}?${query}${options.omitSignature ? "" : `&auth_signature=${signature}`}`;
  const response = await fetch(url, { method, body, headers: body ? { "content-type": "application/json" } : {} });
  return { status: response.status, text: await response.text() };
}

const event = (channel: string, data: unknown) => JSON.stringify({ name: "update", channels: [channel], data: JSON.stringify(data) });

describe("realtime server", () => {
  it("delivers a triggered event on a public channel", async () => {
    const channel = await subscribe(await connect(), "public-news");
    const arrival = next(channel, "update");
    const response = await sdk.trigger("public-news", "update", { id: 1 });
    expect(await response.json()).toEqual({});
    expect(await arrival).toEqual({ id: 1 });
  });

  it("subscribes a private channel with a valid signature and refuses a forged one", async () => {
    const valid = await subscribe(await connect(), "private-company-1");
    const forgedClient = await connect({ forge: true });
    const forged = forgedClient.subscribe("private-company-1");
    const error = await next(forged, "pusher:subscription_error");
    expect(error).toMatchObject({ status: 401 });
    const leaked = record(forged, "run.updated");

    const arrival = next(valid, "run.updated");
    await sdk.trigger("private-company-1", "run.updated", { runId: "r1" });
    expect(await arrival).toEqual({ runId: "r1" });
    await quiet();
    expect(leaked).toEqual([]);
    const info = await (await sdk.get({ path: "/channels/private-company-1", params: { info: "subscription_count" } })).json();
    expect(info).toEqual({ occupied: true, subscription_count: 1 });
  });

  it("refuses a connection with an unknown app key", async () => {
    const client = await connect({ key: "wrong-key" });
    const error = await next(client.connection, "error");
    expect(error).toMatchObject({ error: { data: { code: 4001 } } });
    await until(() => client.connection.state === "disconnected");
  });

  it("tracks presence members: one per user, joined and left with their connections", async () => {
    const alice = await subscribe<PresenceChannel>(await connect({ user: { user_id: "alice", user_info: { name: "Alice" } } }), "presence-staff");
    const added = record(alice, "pusher:member_added");
    const removed = record(alice, "pusher:member_removed");
    const bob = { user_id: "bob", user_info: { name: "Bob" } };
    const bobPhone = await connect({ user: bob });
    const bobLaptop = await connect({ user: bob });
    const bobChannel = await subscribe<PresenceChannel>(bobPhone, "presence-staff");
    await subscribe(bobLaptop, "presence-staff");

    expect(bobChannel.members.count).toBe(2);
    expect(bobChannel.members.get("alice")).toEqual({ id: "alice", info: { name: "Alice" } });
    await until(() => alice.members.count === 2);
    await quiet();
    expect(added).toEqual([{ id: "bob", info: { name: "Bob" } }]); // once, not per connection
    const users = await (await sdk.get({ path: "/channels/presence-staff/users" })).json();
    expect(users).toEqual({ users: [{ id: "alice" }, { id: "bob" }] });
    const info = await (await sdk.get({ path: "/channels/presence-staff", params: { info: "user_count,subscription_count" } })).json();
    expect(info).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });
    const list = await (await sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } })).json();
    expect(list).toEqual({ channels: { "presence-staff": { user_count: 2 } } });

    bobPhone.disconnect();
    await quiet();
    expect(removed).toEqual([]); // bob is still here on his laptop
    bobLaptop.unsubscribe("presence-staff");
    await until(() => removed.length === 1);
    expect(removed).toEqual([{ id: "bob", info: { name: "Bob" } }]);
    expect(alice.members.count).toBe(1);
  });

  it("forwards client events on private channels to the other subscribers only", async () => {
    const sender = await subscribe(await connect(), "private-chat");
    const receiver = await subscribe(await connect(), "private-chat");
    const echoed = record(sender, "client-typing");
    const arrival = next(receiver, "client-typing");
    expect(sender.trigger("client-typing", { typing: true })).toBe(true);
    expect(await arrival).toEqual({ typing: true });
    await quiet();
    expect(echoed).toEqual([]);
  });

  it("rejects client events on public channels and on channels the sender is not on", async () => {
    const listener = await subscribe(await connect(), "public-news");
    const chat = await subscribe(await connect(), "private-chat-2");
    const leaked = [record(listener, "client-spoof"), record(chat, "client-spoof")];
    // pusher-js itself refuses these, so a raw socket plays the misbehaving client.
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/app/${APP.key}?protocol=7`);
    const messages: { event: string }[] = [];
    socket.on("message", (raw) => messages.push(JSON.parse(raw.toString()) as { event: string }));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "public-news" } }));
    socket.send(JSON.stringify({ event: "client-spoof", channel: "public-news", data: {} }));
    socket.send(JSON.stringify({ event: "client-spoof", channel: "private-chat-2", data: {} }));
    await until(() => messages.filter((message) => message.event === "pusher:error").length === 2);
    socket.close();
    expect(messages.map((message) => message.event)).toEqual([
      "pusher:connection_established",
      "pusher_internal:subscription_succeeded",
      "pusher:error",
      "pusher:error",
    ]);
    await quiet();
    expect(leaked).toEqual([[], []]);
  });

  it("answers 401 to a bad signature, a tampered body or a stale timestamp, and delivers nothing", async () => {
    const channel = await subscribe(await connect(), "private-audit");
    const received = record(channel, "update");
    const body = event("private-audit", { forged: true });

    expect((await rawRequest("POST", "/events", { body, secret: "not-the-secret" })).status).toBe(401);
    expect((await rawRequest("POST", "/events", { body, omitSignature: true })).status).toBe(401);
    const tampered = await rawRequest("POST", "/events", { body, bodyMd5: createHash("md5").update(event("private-audit", {})).digest("hex") });
    expect(tampered.status).toBe(401);
    expect((await rawRequest("POST", "/events", { body, timestamp: Math.floor(Date.now() / 1000) - 601 })).status).toBe(401);
    const wrongSecretSdk = new PusherServer({ ...APP, secret: "not-the-secret", host: "127.0.0.1", port: String(server.port), useTLS: false });
    expect(await status(wrongSecretSdk.trigger("private-audit", "update", { forged: true }))).toBe(401);
    await quiet();
    expect(received).toEqual([]);

    // The same raw request, correctly signed, is delivered: the rejections were the signing.
    expect(await rawRequest("POST", "/events", { body })).toEqual({ status: 200, text: "{}" });
    await until(() => received.length === 1);
    expect(received).toEqual([{ forged: true }]);
  });

  it("applies hosted Pusher's limits: 100 channels, 10 KB of data, 10 events a batch", async () => {
    const channels = Array.from({ length: 101 }, (_, index) => `public-${index}`);
    const tooMany = JSON.stringify({ name: "update", channels, data: "{}" });
    expect((await rawRequest("POST", "/events", { body: tooMany })).status).toBe(400);
    expect(await status(sdk.trigger("public-news", "update", "x".repeat(10 * 1024 + 1)))).toBe(413);
    expect(await status(sdk.trigger("public-news", "update", "x".repeat(10 * 1024 - 2)))).toBe(200);
    const batch = Array.from({ length: 11 }, () => ({ channel: "public-news", name: "update", data: {} }));
    expect(await status(sdk.triggerBatch(batch))).toBe(400);
  });

  it("delivers batch events to each of their channels", async () => {
    const client = await connect();
    const runs = await subscribe(client, "private-company-2");
    const staff = await subscribe(client, "private-staff");
    const arrivals = Promise.all([next(runs, "run.failed"), next(staff, "run.failed")]);
    await sdk.triggerBatch([
      { channel: "private-company-2", name: "run.failed", data: { runId: "a" } },
      { channel: "private-staff", name: "run.failed", data: { runId: "b" } },
    ]);
    expect(await arrivals).toEqual([{ runId: "a" }, { runId: "b" }]);
  });

  it("leaves out the connection named by socket_id", async () => {
    const actor = await connect();
    const actorChannel = await subscribe(actor, "private-user-7");
    const other = await subscribe(await connect(), "private-user-7");
    const echoed = record(actorChannel, "notification");
    const arrival = next(other, "notification");
    await sdk.trigger("private-user-7", "notification", { id: 9 }, { socket_id: actor.connection.socket_id });
    expect(await arrival).toEqual({ id: 9 });
    await quiet();
    expect(echoed).toEqual([]);
  });

  it("terminates every connection of a user and no other", async () => {
    const carol = { user_id: "carol" };
    const carolClients = [await connect({ user: carol }), await connect({ user: carol })];
    for (const client of carolClients) await subscribe(client, "presence-ops");
    const dave = await connect({ user: { user_id: "dave" } });
    const daveChannel = await subscribe(dave, "presence-ops");
    const removed = next(daveChannel, "pusher:member_removed");

    await sdk.terminateUserConnections("carol");
    await until(() => carolClients.every((client) => client.connection.state === "disconnected"));
    expect(await removed).toEqual({ id: "carol", info: null });
    await quiet();
    expect(dave.connection.state).toBe("connected");
    expect(carolClients.map((client) => client.connection.state)).toEqual(["disconnected", "disconnected"]);
  });

  it("signs a user in and terminates their connections even without presence", async () => {
    const erin = await connect({ signinAs: "erin" });
    const signedIn = next(erin.connection as unknown as Emitter, "message");
    erin.signin();
    expect(await signedIn).toMatchObject({ event: "pusher:signin_success" });
    const frank = await connect({ signinAs: "frank" });
    frank.signin();

    await sdk.terminateUserConnections("erin");
    await until(() => erin.connection.state === "disconnected");
    await quiet();
    expect(frank.connection.state).toBe("connected");
  });

  it("closes a connection whose sign-in signature is forged", async () => {
    const mallory = await connect({ signinAs: "admin", forge: true });
    mallory.signin();
    await until(() => mallory.connection.state !== "connected");
    expect(["disconnected", "failed"]).toContain(mallory.connection.state);
  });
});
