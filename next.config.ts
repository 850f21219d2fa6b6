import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { staticSecurityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and Node-only modules stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pino"],
  typedRoutes: false,
  // The per-request CSP is set in middleware.ts (it needs a nonce); these never change.
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV === "production") }];
  },
};

// `next dev` (`npm run dev`) writes to .next-dev: it empties its output folder when it
// starts, and in .next that is the production build a running `npm start` serves (and that
// `npm start` would otherwise rebuild for minutes after each `npm run dev`).
export default function config(phase: string): NextConfig {
  return { ...nextConfig, distDir: phase === PHASE_DEVELOPMENT_SERVER ? ".next-dev" : ".next" };
}
