import type { NextConfig } from "next";
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

export default nextConfig;
