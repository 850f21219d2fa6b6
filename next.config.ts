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

// `next dev` (`npm run dev`) writes to .next/dev (as Next 16 does): it empties its output
// folder when it starts, and with .next that was the production build a running
// `npm start` serves (and that `npm start` then rebuilt, for minutes, after each
// `npm run dev`). `next build` still empties .next (caches aside), .next/dev included.
export default function config(phase: string): NextConfig {
  return { ...nextConfig, distDir: phase === PHASE_DEVELOPMENT_SERVER ? ".next/dev" : ".next" };
}
