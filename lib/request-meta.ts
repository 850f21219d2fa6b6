import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";

/** The caller's IP and user agent, for audit entries and sign-in throttling. */
export async function requestMeta(): Promise<{ ip: string | null; userAgent: string | null }> {
  const list = await headers();
  const forwarded = list.get("x-forwarded-for")?.split(",")[0]?.trim() ?? list.get("x-real-ip") ?? null;
  const ip = forwarded && isIP(forwarded) ? forwarded : null;
  return { ip, userAgent: list.get("user-agent")?.slice(0, 512) ?? null };
}
