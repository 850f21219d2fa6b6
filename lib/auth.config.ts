// The edge-safe half of Auth.js: no database, no argon2. middleware.ts imports only this;
// lib/auth.ts adds the adapter, the Credentials provider and the per-request checks.
import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string | null;
      role: Role;
      companyId: string | null;
      /** the sessions row of this browser, to end the user's other sessions */
      sessionId: string;
    };
  }
  interface User {
    role?: Role;
    companyId?: string | null;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** the sessions row this browser holds; checked on every request */
    sid?: string;
    role?: Role;
    companyId?: string | null;
  }
}

// The JWT cookie lives as long as the absolute session lifetime; the database row
// (db/queries/sessions.ts) enforces idle and absolute expiry and revocation.
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Self-hosted behind our own host names; Auth.js otherwise needs AUTH_TRUST_HOST.
  trustHost: true,
  providers: [],
  callbacks: {
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? null,
        role: token.role ?? "client",
        companyId: token.companyId ?? null,
        sessionId: token.sid ?? "",
      };
      return session;
    },
  },
} satisfies NextAuthConfig;
