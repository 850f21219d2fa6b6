// Which URLs a connector accepts and which addresses it may contact. The URL rules are
// syntax only; the address rules run at connect time (lib/connectors/http.ts) against
// every address a host name resolves to, so a DNS answer cannot steer a request inside.
// Not server-only: the rules are pure, and parseConnectionUrl may serve a form's schema.
import ipaddr from "ipaddr.js";

export type ParsedConnectionUrl = { ok: true; url: string } | { ok: false; message: string };

/** Checks the syntax of an engine URL and normalises it to origin + path, no trailing slash. */
export function parseConnectionUrl(input: string): ParsedConnectionUrl {
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, message: "Enter the URL of your n8n, for example https://n8n.example.com." };

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: "Enter a full URL that starts with https:// or http://, for example https://n8n.example.com." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: `The URL must start with https:// or http://, not ${url.protocol}//.` };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "Remove the user name and password from the URL: the API key is sent separately." };
  }
  // Checked on the raw text too: `new URL("https://h/?")` reports an empty search.
  if (url.search !== "" || trimmed.includes("?")) {
    return { ok: false, message: "Remove the query string (the part from ?) from the URL." };
  }
  if (url.hash !== "" || trimmed.includes("#")) {
    return { ok: false, message: "Remove the fragment (the part from #) from the URL." };
  }
  if (url.hostname === "") return { ok: false, message: "The URL has no host name." };

  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, "") };
}

export type AddressVerdict = "allowed" | "private" | "forbidden";

type AddressReason = "public" | "private" | "metadata" | "unusable" | "invalid";

// Cloud metadata services outside the link-local ranges: AWS's IPv6 endpoint and
// Alibaba Cloud's (inside carrier-grade NAT space, which is otherwise only "private").
const METADATA_ADDRESSES = new Set(["fd00:ec2::254", "100.100.100.200"].map((ip) => ipaddr.parse(ip).toNormalizedString()));

function reasonForIPv4(address: ipaddr.IPv4): AddressReason {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return "metadata";
  switch (address.range()) {
    case "linkLocal":
      return "metadata";
    case "unspecified":
    case "broadcast":
    case "multicast":
    case "reserved":
    case "benchmarking":
      return "unusable";
    case "loopback":
    case "private":
    case "carrierGradeNat":
      return "private";
    default:
      return "public";
  }
}

function reasonForIPv6(address: ipaddr.IPv6): AddressReason {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return "metadata";
  const range: string = address.range();
  // Ranges that carry an IPv4 address in their last 32 bits (mapped, translated, NAT64)
  // reach that IPv4 address, so they are judged as it.
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") {
    const [a = 0, b = 0] = address.parts.slice(6);
    return reasonForIPv4(new ipaddr.IPv4([a >> 8, a & 0xff, b >> 8, b & 0xff]));
  }
  // 6to4 carries the IPv4 address in bits 16-47.
  if (range === "6to4") {
    const [a = 0, b = 0] = address.parts.slice(1, 3);
    return reasonForIPv4(new ipaddr.IPv4([a >> 8, a & 0xff, b >> 8, b & 0xff]));
  }
  switch (range) {
    case "linkLocal":
      return "metadata";
    case "unspecified":
    case "multicast":
    case "reserved":
    case "benchmarking":
    case "discard":
      return "unusable";
    case "loopback":
    case "uniqueLocal":
    case "deprecatedSiteLocal":
      return "private";
    default:
      break;
  }
  // The deprecated IPv4-compatible form (::a.b.c.d) is judged as its IPv4 address.
  if (address.parts.slice(0, 6).every((part) => part === 0)) {
    const [a = 0, b = 0] = address.parts.slice(6);
    return reasonForIPv4(new ipaddr.IPv4([a >> 8, a & 0xff, b >> 8, b & 0xff]));
  }
  return "public";
}

function reasonFor(ip: string): AddressReason {
  const text = ip.trim().replace(/^\[(.*)\]$/, "$1");
  // Only the canonical forms a resolver or URL parser produces; anything odd fails closed.
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return reasonForIPv4(ipaddr.IPv4.parse(text));
  if (ipaddr.IPv6.isValid(text)) return reasonForIPv6(ipaddr.IPv6.parse(text));
  return "invalid";
}

/** Classifies an IP address: "forbidden" is never contacted, "private" only when allowed. */
export function classifyAddress(ip: string): AddressVerdict {
  const reason = reasonFor(ip);
  if (reason === "public") return "allowed";
  if (reason === "private") return "private";
  return "forbidden";
}

/**
 * Whether connectors may reach loopback and private networks: CONNECTORS_ALLOW_PRIVATE_NETWORKS
 * "true"/"1" or "false"/"0"; when unset (or unrecognised), allowed except in production.
 */
export function privateNetworksAllowed(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const setting = env.CONNECTORS_ALLOW_PRIVATE_NETWORKS?.trim().toLowerCase();
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  return env.NODE_ENV !== "production";
}

/**
 * Null when the address may be contacted, else a one-sentence reason. `host` names the
 * host name the address was resolved from, when there was one.
 */
export function checkAddress(ip: string, allowPrivate: boolean, host?: string): string | null {
  const reason = reasonFor(ip);
  const subject = host === undefined || host === ip ? `n8n's address ${ip}` : `n8n's host ${host} resolves to ${ip}, which`;
  switch (reason) {
    case "public":
      return null;
    case "private":
      return allowPrivate
        ? null
        : `${subject} is on a private network; set CONNECTORS_ALLOW_PRIVATE_NETWORKS=true to allow it.`;
    case "metadata":
      return `${subject} is a link-local or cloud metadata address and is never contacted.`;
    case "unusable":
      return `${subject} is an unspecified, broadcast, multicast or reserved address and is never contacted.`;
    case "invalid":
      return `n8n's address ${ip} is not a valid IP address.`;
  }
}
