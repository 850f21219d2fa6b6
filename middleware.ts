// Routes each role to its own area (PRODUCT.md §1). It only routes: every page, action
// and route handler checks the session and permissions again through lib/authz.
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth.config";
import { areaFor, areaOf, homeFor, loginPathFor } from "@/lib/routes";

const { auth } = NextAuth(authConfig);

// Next relativises a same-origin Location, so the browser keeps the host it used.
function redirectTo(request: NextRequest, path: string): NextResponse {
  return NextResponse.redirect(new URL(path, request.url));
}

export default auth((request) => {
  const { pathname, search } = request.nextUrl;
  const role = request.auth?.user?.role;
  if (pathname === "/") {
    return redirectTo(request, role ? homeFor(role) : "/login");
  }
  const area = areaOf(pathname);
  if (!area) return NextResponse.next();
  if (!role) return redirectTo(request, loginPathFor(pathname + search));
  if (areaFor(role) !== area) return redirectTo(request, homeFor(role));
  return NextResponse.next();
});

export const config = {
  // Everything but Auth.js, the APIs, Next's assets and files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
