import "server-only";
import { headers } from "next/headers";
import {
  PEER_ADDRESS_HEADER,
  parseTrustedProxies,
  peerAddressIsStamped,
  resolveClientAddress,
  type TrustedProxies,
} from "./client-address";

let parsed: { source: string; trust: TrustedProxies } | undefined;

/**
 * TRUSTED_PROXIES, parsed once per value. Unset: no proxy is trusted, except on Vercel
 * (which sets VERCEL=1), whose edge replaces X-Forwarded-For with the client's address.
 */
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): TrustedProxies {
  const source = `${env.TRUSTED_PROXIES ?? ""}|${env.VERCEL ? "vercel" : ""}`;
  if (parsed?.source !== source) parsed = { source, trust: parseTrustedProxies(env.TRUSTED_PROXIES, env.VERCEL ? "1" : "none") };
  return parsed.trust;
}

/** The caller's IP and user agent, for audit entries and sign-in throttling. */
export async function requestMeta(): Promise<{ ip: string | null; userAgent: string | null }> {
  const list = await headers();
  const ip = resolveClientAddress({
    forwardedFor: list.get("x-forwarded-for"),
    // only our own server's stamp: under a bare `next start` a client could send the header
    peer: peerAddressIsStamped() ? list.get(PEER_ADDRESS_HEADER) : null,
    trust: trustedProxies(),
  });
  return { ip, userAgent: list.get("user-agent")?.slice(0, 512) ?? null };
}
