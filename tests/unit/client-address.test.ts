// Trusted proxies (issue 16, item 4): which X-Forwarded-For entries count, for every form of
// TRUSTED_PROXIES, with IPv6, ports, mapped addresses and forged chains.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  normaliseAddress,
  PEER_ADDRESS_HEADER,
  PEER_ADDRESS_STAMP_KEY,
  parseTrustedProxies,
  peerAddressIsStamped,
  resolveClientAddress,
  type TrustedProxies,
} from "@/lib/client-address";
import { trustedProxies } from "@/lib/request-meta";

const none = parseTrustedProxies(undefined);
const resolve = (trust: TrustedProxies, forwardedFor: string | null, peer: string | null) =>
  resolveClientAddress({ forwardedFor, peer, trust });

describe("parseTrustedProxies", () => {
  it("trusts nobody by default, for empty, 0 and none", () => {
    for (const value of [undefined, "", "  ", "0", "none", "NONE"]) expect(parseTrustedProxies(value)).toEqual({ kind: "none" });
  });

  it("reads a count of hops", () => {
    expect(parseTrustedProxies("1")).toEqual({ kind: "hops", hops: 1 });
    expect(parseTrustedProxies(" 2 ")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustedProxies(undefined, "1")).toEqual({ kind: "hops", hops: 1 });
    expect(parseTrustedProxies("none", "1")).toEqual({ kind: "none" });
  });

  it("reads addresses, ranges and the names loopback and private", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.0.2.7, loopback");
    expect(trust.kind).toBe("ranges");
    expect(resolve(trust, "198.51.100.1", "10.1.2.3")).toBe("198.51.100.1");
    expect(resolve(trust, "198.51.100.1", "2001:db8:1::5")).toBe("198.51.100.1");
    expect(resolve(trust, "198.51.100.1", "192.0.2.7")).toBe("198.51.100.1");
    expect(resolve(trust, "198.51.100.1", "192.0.2.8")).toBe("192.0.2.8");
    expect(resolve(trust, "198.51.100.1", "::1")).toBe("198.51.100.1");
    expect(resolve(parseTrustedProxies("private"), "198.51.100.1", "172.20.0.1")).toBe("198.51.100.1");
    expect(resolve(parseTrustedProxies("private"), "198.51.100.1", "fd12::1")).toBe("198.51.100.1");
  });

  it("refuses what it cannot read, naming it", () => {
    for (const value of ["10.0.0.0/33", "proxy.example.com", "10.0.0/8", "1.2.3.4/x", "127.1", "::1/129", "-1", "1.5"]) {
      expect(() => parseTrustedProxies(value), value).toThrow(/TRUSTED_PROXIES/);
    }
    expect(() => parseTrustedProxies("1000")).toThrow(/hops/);
  });
});

describe("normaliseAddress", () => {
  it("canonicalises addresses and drops ports, brackets and zones", () => {
    expect(normaliseAddress(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(normaliseAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("gives null for anything else", () => {
    for (const value of ["", "unknown", "example.com", "1.2.3", "999.1.1.1", "127.1", "<script>", "1.2.3.4, 5.6.7.8"]) {
      expect(normaliseAddress(value), value).toBeNull();
    }
  });
});

describe("resolveClientAddress", () => {
  it("trusting nobody, the peer is the client and a forged header changes nothing", () => {
    expect(resolve(none, null, "198.51.100.23")).toBe("198.51.100.23");
    expect(resolve(none, "203.0.113.9", "198.51.100.23")).toBe("198.51.100.23");
    expect(resolve(none, "203.0.113.9, 10.0.0.1", "::ffff:198.51.100.23")).toBe("198.51.100.23");
    expect(resolve(none, "203.0.113.9", "2001:db8::7")).toBe("2001:db8::7");
  });

  it("without a peer (a bare next start), trusting nobody or a list of ranges knows nothing", () => {
    expect(resolve(none, "203.0.113.9", null)).toBeNull();
    expect(resolve(parseTrustedProxies("10.0.0.0/8"), "203.0.113.9", null)).toBeNull();
  });

  it("with a count of hops, takes that entry from the right, whatever a client put before it", () => {
    const one = parseTrustedProxies("1");
    const two = parseTrustedProxies("2");
    // the proxy appended the client's address; the client forged the first entries
    expect(resolve(one, "1.1.1.1, 2.2.2.2, 198.51.100.23", "10.0.0.2")).toBe("198.51.100.23");
    expect(resolve(one, "198.51.100.23", null)).toBe("198.51.100.23"); // Vercel: no peer, one entry
    expect(resolve(two, "1.1.1.1, 198.51.100.23, 10.0.0.1", "10.0.0.2")).toBe("198.51.100.23");
    expect(resolve(two, "2001:db8::9, 10.0.0.1", "10.0.0.2")).toBe("2001:db8::9");
    // fewer entries than proxies: the furthest one there is
    expect(resolve(two, "198.51.100.23", "10.0.0.2")).toBe("198.51.100.23");
    // past no proxy at all: the peer
    expect(resolve(one, null, "198.51.100.23")).toBe("198.51.100.23");
    expect(resolve(one, "", null)).toBeNull();
    // the entry the proxies vouch for is garbage: unknown, not the next one along
    expect(resolve(one, "198.51.100.23, nonsense", "10.0.0.2")).toBeNull();
  });

  it("with ranges, walks left through trusted hops only", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, fd00::/8");
    expect(resolve(trust, "1.1.1.1, 198.51.100.23, 10.0.0.5", "10.0.0.2")).toBe("198.51.100.23");
    expect(resolve(trust, "198.51.100.23, fd00::5", "fd00::2")).toBe("198.51.100.23");
    // an untrusted peer: its header is not believed at all
    expect(resolve(trust, "1.1.1.1", "198.51.100.99")).toBe("198.51.100.99");
    // a client that forges a trusted-looking chain still stops the walk at itself
    expect(resolve(trust, "10.9.9.9, 10.8.8.8", "198.51.100.99")).toBe("198.51.100.99");
    // every hop trusted: the furthest
    expect(resolve(trust, "10.9.9.9", "10.0.0.2")).toBe("10.9.9.9");
    // a trusted proxy forwarded garbage
    expect(resolve(trust, "not-an-ip", "10.0.0.2")).toBeNull();
    // several header lines arrive joined, the same list
    expect(resolve(trust, "198.51.100.23,10.0.0.5", "10.0.0.2")).toBe("198.51.100.23");
  });
});

describe("trustedProxies (the setting)", () => {
  it("defaults to none, to one hop on Vercel, and follows TRUSTED_PROXIES", () => {
    expect(trustedProxies({ NODE_ENV: "production" })).toEqual({ kind: "none" });
    expect(trustedProxies({ NODE_ENV: "production", VERCEL: "1" })).toEqual({ kind: "hops", hops: 1 });
    expect(trustedProxies({ NODE_ENV: "production", VERCEL: "1", TRUSTED_PROXIES: "none" })).toEqual({ kind: "none" });
    expect(trustedProxies({ NODE_ENV: "production", TRUSTED_PROXIES: "2" })).toEqual({ kind: "hops", hops: 2 });
  });
});

describe("the peer header", () => {
  it("is believed only in a process our server marked, and the server uses the same names", () => {
    // the server (plain JavaScript, run without a TypeScript loader) repeats the two names
    const server = readFileSync("scripts/lib/next-worker.mjs", "utf8");
    expect(server).toContain(`"${PEER_ADDRESS_HEADER}"`);
    expect(server).toContain(`Symbol.for("${PEER_ADDRESS_STAMP_KEY}")`);
    expect(server).toMatch(/delete request\.headers\[PEER_ADDRESS_HEADER\]/);
    // a process nobody marked (a bare `next start`, this test) does not believe it
    expect(peerAddressIsStamped()).toBe(false);
  });
});
