// Routes each role to its own area (PRODUCT.md §1). It only routes: every page, action
// and route handler checks the session and permissions again through lib/authz.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { areaFor, areaOf, homeFor, loginPathFor } from "@/lib/routes";
import { contentSecurityPolicy, createNonce } from "@/lib/security-headers";
import { readSessionClaims } from "@/lib/session-token";

// Every request gets an id: pages and server actions read it from the forwarded headers
// (lib/logger.ts requestLogger), and the browser sees it on the response, so a report of a
// failure can be matched to its log lines.
const REQUEST_ID_HEADER = "x-request-id";

// Next relativises a same-origin Location, so the browser keeps the host it used.
function redirectTo(request: NextRequest, path: string): NextResponse {
  const response = NextResponse.redirect(new URL(path, request.url));
  response.headers.set(REQUEST_ID_HEADER, crypto.randomUUID());
  return response;
}

/**
 * Renders the page with a fresh CSP nonce: Next reads it from the request's policy and
 * puts it on every script it emits; the browser gets the same policy.
 */
function renderWithPolicy(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy(createNonce());
  const requestId = crypto.randomUUID();
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export default async function middleware(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  // The role in the cookie only picks the area; pages re-check the session in the database.
  const role = (await readSessionClaims(request.cookies, env().AUTH_SECRET))?.role;
  if (pathname === "/") {
    return redirectTo(request, role ? homeFor(role) : "/login");
  }
  const area = areaOf(pathname);
  if (!area) return renderWithPolicy(request);
  if (!role) return redirectTo(request, loginPathFor(pathname + search));
  if (areaFor(role) !== area) return redirectTo(request, homeFor(role));
  return renderWithPolicy(request);
}

export const config = {
  // Node, not the edge sandbox: the same crypto and env as the pages, and less per-request work.
  runtime: "nodejs",
  // Everything but Auth.js, the APIs, Next's assets and files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
