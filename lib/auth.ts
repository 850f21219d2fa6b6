import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { appendAudit } from "@/db/queries/audit";
import { createSession, deleteSession, findSessionUser } from "@/db/queries/sessions";
import { findUserForSignIn, markSignedIn, recordSignInAttempt } from "@/db/queries/sign-in";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { authConfig } from "./auth.config";
import { verifyPassword } from "./password";
import { requestMeta } from "./request-meta";

export const signInSchema = z.object({
  email: z.email("Enter a valid email address.").max(254).transform((value) => value.trim().toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(128, "Passwords are at most 128 characters."),
});

// The config is built per request so `next build` never opens the database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  logger: {
    // A failed sign-in is an expected outcome (audited above), not an error to log.
    error(error) {
      // `type`, not `name`: class names are minified in the production build.
      if ("type" in error && error.type === "CredentialsSignin") return;
      const type = "type" in error ? String(error.type) : error.name;
      console.error(JSON.stringify({ level: "error", source: "auth", type, message: error.message }));
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
      async authorize(input) {
        const parsed = signInSchema.safeParse(input);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = getDb();
        const meta = await requestMeta();
        const user = await findUserForSignIn(db, email);
        // Always verify (against a dummy hash when there is no user) so the answer
        // and its timing are the same for an unknown email and a wrong password.
        const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
        const ok = Boolean(user && user.active && passwordOk);
        await recordSignInAttempt(db, { email, ip: meta.ip ?? "unknown", succeeded: ok });
        await appendAudit(db, {
          action: ok ? "auth.sign_in" : "auth.sign_in_failed",
          actorId: user?.id ?? null,
          actorEmail: email,
          targetType: "user",
          targetId: user?.id ?? null,
          companyId: user?.companyId ?? null,
          ip: meta.ip,
          userAgent: meta.userAgent,
          changes: ok ? null : { reason: !user ? "unknown_email" : !user.active ? "deactivated" : "wrong_password" },
        });
        if (!user || !ok) return null;
        await markSignedIn(db, user.id);
        return { id: user.id, email: user.email, name: user.name, role: user.role, companyId: user.companyId };
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
        mustChangePassword: current.mustChangePassword,
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
