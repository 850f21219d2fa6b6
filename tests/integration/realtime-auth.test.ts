// /api/realtime/auth signs a subscription only for a user lib/authz allows on the channel.
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@/db/seed";
import { authenticateRealtimeUser, authorizeSubscription } from "@/lib/realtime-auth";
import { viewerFor } from "../support/context";
import { createSeededDatabase, type TestDatabase } from "../support/databases";

const pusher = new Pusher({ appId: "1", key: "local-key", secret: "local-secret", host: "127.0.0.1", port: "6001", useTLS: false });
const ACME = stableId("company:acme");
const COPPERLEAF = stableId("company:copperleaf");
const form = (channel: string) => new URLSearchParams({ socket_id: "123.456", channel_name: channel }).toString();

describe("realtime channel authorization", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase("pglite");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("signs a client's own company and own user channel", async () => {
    const client = await viewerFor(database.db, "olivia@acme.example.com");
    for (const channel of [`private-company-${ACME}`, `private-user-${client.id}`]) {
      const result = authorizeSubscription(client, pusher, form(channel));
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ auth: expect.stringMatching(/^local-key:[0-9a-f]{64}$/) });
    }
  });

  it("refuses a client another company's channel, another user's channel, and the staff channels", async () => {
    const client = await viewerFor(database.db, "olivia@acme.example.com");
    const other = await viewerFor(database.db, "daniel@copperleaf.example.com");
    for (const channel of [`private-company-${COPPERLEAF}`, `private-user-${other.id}`, "private-staff", "presence-staff", "public-anything"]) {
      expect(authorizeSubscription(client, pusher, form(channel)).status, channel).toBe(403);
    }
  });

  it("gives an SE their companies and staff presence, but not other companies or every run", async () => {
    const se = await viewerFor(database.db, "sam@nexus.example.com");
    expect(authorizeSubscription(se, pusher, form(`private-company-${ACME}`)).status).toBe(200);
    expect(authorizeSubscription(se, pusher, form(`private-company-${COPPERLEAF}`)).status).toBe(403);
    expect(authorizeSubscription(se, pusher, form("private-staff")).status).toBe(403);
    const presence = authorizeSubscription(se, pusher, form("presence-staff"));
    expect(presence.status).toBe(200);
    expect(JSON.parse((presence.body as { channel_data: string }).channel_data)).toMatchObject({ user_id: se.id });
  });

  it("gives an admin every channel but other users' own", async () => {
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    const client = await viewerFor(database.db, "olivia@acme.example.com");
    expect(authorizeSubscription(admin, pusher, form("private-staff")).status).toBe(200);
    expect(authorizeSubscription(admin, pusher, form(`private-company-${COPPERLEAF}`)).status).toBe(200);
    expect(authorizeSubscription(admin, pusher, form(`private-user-${client.id}`)).status).toBe(403);
  });

  it("refuses a signed-out request and malformed input", async () => {
    expect(authorizeSubscription(null, pusher, form("private-staff")).status).toBe(403);
    const admin = await viewerFor(database.db, "admin@nexus.example.com");
    expect(authorizeSubscription(admin, pusher, "socket_id=abc&channel_name=private-staff").status).toBe(400);
  });

  it("signs a user in as themselves only, and refuses a signed-out request", async () => {
    const client = await viewerFor(database.db, "olivia@acme.example.com");
    const signin = authenticateRealtimeUser(client, pusher, "socket_id=123.456");
    expect(signin.status).toBe(200);
    expect(JSON.parse((signin.body as { user_data: string }).user_data)).toEqual({ id: client.id });
    expect(authenticateRealtimeUser(null, pusher, "socket_id=123.456").status).toBe(403);
    expect(authenticateRealtimeUser(client, pusher, "socket_id=nope").status).toBe(400);
  });
});
