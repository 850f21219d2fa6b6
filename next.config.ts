import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and Node-only modules stay out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres"],
  typedRoutes: false,
};

export default nextConfig;
