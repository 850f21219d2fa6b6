// Routes each role to its own area (PRODUCT.md §1). It only routes: every page, action
// and route handler checks the session and permissions again through lib/authz.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/lib/auth.config";
import { areaFor, areaOf, homeFor, loginPathFor } from "@/lib/routes";

const { auth } = NextAuth(authConfig);

export default auth((request) => {
  const { pathname, search } = request.nextUrl;
  const role = request.auth?.user?.role;
  if (pathname === "/") {
    return NextResponse.redirect(new URL(role ? homeFor(role) : "/login", request.url));
  }
  const area = areaOf(pathname);
  if (!area) return NextResponse.next();
  if (!role) return NextResponse.redirect(new URL(loginPathFor(pathname + search), request.url));
  if (areaFor(role) !== area) return NextResponse.redirect(new URL(homeFor(role), request.url));
  return NextResponse.next();
});

export const config = {
  // Everything but Auth.js, the APIs, Next's assets and files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
