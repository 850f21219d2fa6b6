import "server-only";
import { headers } from "next/headers";

/**
 * The origin this request reached the app at (`https://nexus.example.com`), from the
 * `host` and `x-forwarded-proto` headers, so a one-time link can be shown and emailed whole.
 */
export async function requestOrigin(): Promise<string> {
  const list = await headers();
  const host = list.get("host") ?? "localhost";
  const forwardedProto = list.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  return `${proto}://${host}`;
}
