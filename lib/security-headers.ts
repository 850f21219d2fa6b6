// Security headers (PRODUCT.md §7), edge-safe: middleware.ts sets the per-request CSP and
// next.config.ts the headers that never change.

/** A fresh nonce per document, for the CSP and the scripts Next renders. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Where the browser may open its realtime socket: hosted Pusher, or the local server. */
function realtimeSources(env: Record<string, string | undefined>): string[] {
  const host = env.PUSHER_PUBLIC_HOST ?? env.PUSHER_HOST;
  if (host) return [`ws://${host}:${env.PUSHER_PORT ?? "6001"}`];
  return ["wss://*.pusher.com", "https://*.pusher.com"];
}

/**
 * A nonce-based policy: scripts only from this origin with the nonce (and what they load,
 * 'strict-dynamic'); no plugins, no <base> rewriting, no framing. Styles allow inline
 * attributes, which the charts set.
 */
export function contentSecurityPolicy(nonce: string, env: Record<string, string | undefined> = process.env): string {
  const development = env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // React's dev tooling evaluates code; production never does
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${realtimeSources(env).join(" ")}${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers for every response. HSTS only in production builds (browsers ignore it over
 * plain http, so `npm start` on localhost is unaffected).
 */
export function staticSecurityHeaders(production: boolean): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" }] : []),
  ];
}
