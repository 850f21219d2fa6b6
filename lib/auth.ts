import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { createSession, deleteSession, findSessionUser } from "@/db/queries/sessions";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { authConfig } from "./auth.config";
import { requestMeta } from "./request-meta";
import { authorizeCredentials } from "./sign-in-throttle";
import { logger } from "./logger";

export { signInSchema } from "./sign-in-throttle";

// The config is built per request so `next build` never opens the database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  logger: {
    // A failed sign-in is an expected outcome (audited in sign-in-throttle.ts), not an error to log.
    error(error) {
      // `type`, not `name`: class names are minified in the production build.
      if ("type" in error && error.type === "CredentialsSignin") return;
      const type = "type" in error ? String(error.type) : error.name;
      logger.error({ source: "auth", type, message: error.message }, "auth error");
    },
  },
  adapter: DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      // Throttled per account and per IP, audited; the body lives in sign-in-throttle.ts
      // so tests can call it with a database and a clock.
      async authorize(input) {
        return authorizeCredentials(getDb(), input, await requestMeta());
      },
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, user }) {
      const db = getDb();
      if (user?.id) {
        // A fresh sign-in: one sessions row per browser, referenced from the JWT.
        const meta = await requestMeta();
        const sid = await createSession(db, { userId: user.id, ...meta });
        return { sub: user.id, sid, email: user.email, name: user.name, role: user.role, companyId: user.companyId };
      }
      if (!token.sid) return null;
      // Every request: the session must still exist and its user be active; role and
      // company come from the database, so changes apply on the next request.
      const current = await findSessionUser(db, token.sid);
      if (!current) return null;
      return {
        ...token,
        sub: current.id,
        email: current.email,
        name: current.name,
        role: current.role,
        companyId: current.companyId,
      };
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (sid) await deleteSession(getDb(), sid);
    },
  },
}));
