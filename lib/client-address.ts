// Which address a request came from, for sign-in throttling and audit entries
// (lib/request-meta.ts). `X-Forwarded-For` is a list anyone can write: only the entries
// added by proxies the operator trusts (TRUSTED_PROXIES) count, read from the right. Pure
// (no request, no environment read here) so the rules are unit-tested as they are.
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The header our own server (scripts/lib/next-worker.mjs) sets on every request to the
 * address of the connection's peer, after deleting any copy a client sent. Next.js does not
 * show route code the socket, and it keeps a client's own `X-Forwarded-For` as it came.
 */
export const PEER_ADDRESS_HEADER = "x-nexus-peer-address";

/**
 * The global symbol (Symbol.for) our server sets in its own process before it serves, so a
 * bare `next start` (which passes a client's forged copy of the header through) never reads
 * the header. A symbol, not an environment variable: configuration cannot switch it on.
 */
export const PEER_ADDRESS_STAMP_KEY = "nexus.peer-address-header-stamped";

export function peerAddressIsStamped(): boolean {
  return (globalThis as Record<symbol, unknown>)[Symbol.for(PEER_ADDRESS_STAMP_KEY)] === true;
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export type TrustedProxies =
  /** no proxy: the connection's peer is the client */
  | { kind: "none" }
  /** exactly this many proxies in front (the peer is the nearest) */
  | { kind: "hops"; hops: number }
  /** any peer or forwarded hop inside these ranges is a proxy */
  | { kind: "ranges"; ranges: Range[] };

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * Parses TRUSTED_PROXIES: unset, empty, `0` or `none` trusts no proxy; a whole number is a
 * count of proxies in front; otherwise a comma-separated list of addresses, CIDR ranges and
 * the names `loopback` and `private`. `defaultValue` applies when the setting is unset
 * (Vercel: "1"). Throws with a message naming the bad part.
 */
export function parseTrustedProxies(value: string | undefined, defaultValue = "none"): TrustedProxies {
  const text = (value ?? "").trim() || defaultValue.trim();
  if (text === "" || text.toLowerCase() === "none" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (!Number.isSafeInteger(hops) || hops > 100) throw new Error(`TRUSTED_PROXIES: ${text} hops is not a sensible count`);
    return { kind: "hops", hops };
  }
  const ranges: Range[] = [];
  for (const part of text.split(",").map((item) => item.trim()).filter(Boolean)) {
    const named = NAMED_RANGES[part.toLowerCase()];
    if (named) {
      ranges.push(...named.map((cidr) => ipaddr.parseCIDR(cidr)));
    } else if (part.includes("/")) {
      const [address = "", bits = ""] = part.split("/");
      if (!isIP(address) || !/^\d+$/.test(bits) || !ipaddr.isValidCIDR(part)) {
        throw new Error(`TRUSTED_PROXIES: “${part}” is not an address range (for example 10.0.0.0/8 or fd00::/8)`);
      }
      ranges.push(normaliseRange(ipaddr.parseCIDR(part)));
    } else if (isIP(part)) {
      const address = ipaddr.process(part);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else {
      throw new Error(
        `TRUSTED_PROXIES: “${part}” is neither a number of proxies, an address, a range nor one of loopback, private`,
      );
    }
  }
  if (ranges.length === 0) return { kind: "none" };
  return { kind: "ranges", ranges };
}

// An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range: addresses are compared
// after the same mapping.
function normaliseRange([address, bits]: Range): Range {
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

/**
 * One hop's address in canonical form, or null when it is not an address: surrounding
 * brackets and a port (`[2001:db8::1]:443`, `203.0.113.7:51234`) are removed, and an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, how Node reports IPv4 peers on a dual-stack
 * socket) is its IPv4 address.
 */
export function normaliseAddress(value: string): string | null {
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const zone = text.indexOf("%");
  if (zone > 0) text = text.slice(0, zone);
  if (!isIP(text)) return null;
  const address = ipaddr.process(text);
  return address.kind() === "ipv6" ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

function inRanges(address: string, ranges: Range[]): boolean {
  const parsed = ipaddr.parse(address);
  return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

/**
 * The client's address: walking from the connection's peer leftwards through
 * `X-Forwarded-For`, every hop the operator trusts is skipped and the first one it does not
 * trust is the client. `peer` is null when the server cannot see the socket (a bare
 * `next start`, Vercel): then a count of hops still works (the header's nearest entries are
 * the proxies'), and "none" or a list of ranges gives null, since nothing the client
 * cannot forge says where it came from. A malformed entry where the walk needs one gives
 * null too: an unknown address, never a made-up one.
 */
export function resolveClientAddress({
  forwardedFor,
  peer,
  trust,
}: {
  forwardedFor: string | null | undefined;
  peer: string | null | undefined;
  trust: TrustedProxies;
}): string | null {
  // Several X-Forwarded-For lines arrive joined with ", ", which is the same list.
  const forwarded = (forwardedFor ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  const peerAddress = peer ? normaliseAddress(peer) : null;

  if (trust.kind === "none") return peerAddress;

  if (trust.kind === "hops") {
    // hop 0 is the peer (the nearest proxy), hop n the client; the forwarded list ends with hop 1
    if (forwarded.length === 0) return peerAddress; // came straight in, past no proxy
    const index = Math.max(0, forwarded.length - trust.hops);
    const entry = forwarded[index];
    return entry === undefined ? null : normaliseAddress(entry);
  }

  if (!peerAddress) return null;
  let current = peerAddress;
  for (let index = forwarded.length - 1; index >= 0 && inRanges(current, trust.ranges); index -= 1) {
    const next = normaliseAddress(forwarded[index] ?? "");
    if (!next) return null;
    current = next;
  }
  return current;
}
