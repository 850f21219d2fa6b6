// Areas and homes (PRODUCT.md §1). Pure and edge-safe: middleware imports this.
import type { Role } from "@/db/schema";

export type Area = "admin" | "client";

export const CLIENT_AREA_PREFIXES = [
  "/dashboard",
  "/workflows",
  "/reports",
  "/credentials",
  "/notifications",
  "/billing",
  "/settings",
] as const;

function within(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** The area a path belongs to, or null for public paths (sign-in, API, assets). */
export function areaOf(pathname: string): Area | null {
  if (within(pathname, "/admin")) return "admin";
  if (CLIENT_AREA_PREFIXES.some((prefix) => within(pathname, prefix))) return "client";
  return null;
}

export function areaFor(role: Role): Area {
  return role === "client" ? "client" : "admin";
}

export function homeFor(role: Role): string {
  return role === "client" ? "/dashboard" : "/admin";
}

/**
 * Where to send a user after sign-in: `next` when it is a same-site path inside their
 * own area, otherwise their home. Never an absolute or protocol-relative URL.
 */
export function destinationAfterSignIn(role: Role, next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return homeFor(role);
  let pathname: string;
  try {
    const url = new URL(next, "http://nexus.invalid");
    if (url.origin !== "http://nexus.invalid") return homeFor(role);
    pathname = url.pathname;
  } catch {
    return homeFor(role);
  }
  return areaOf(pathname) === areaFor(role) ? next : homeFor(role);
}

export function loginPathFor(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}
