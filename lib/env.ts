import "server-only";
import { z } from "zod";
import { parseTrustedProxies } from "./client-address";
import { parseCredentialKeys } from "./credential-keys";

// Read once, validated. Pages are built without a database or secrets, so nothing
// here runs at import time: the first request (or `npm start`) validates.
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgres:// URL" }),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  // "1:<base64 32 bytes>,2:<base64 32 bytes>": the highest version encrypts, all decrypt
  CREDENTIAL_KEYS: z
    .string()
    .min(1, "CREDENTIAL_KEYS is required")
    .refine(
      (value) => {
        try {
          parseCredentialKeys(value);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'CREDENTIAL_KEYS must be "<version>:<base64 of 32 bytes>", comma-separated' },
    ),
  PUSHER_APP_ID: z.string().optional(),
  PUSHER_KEY: z.string().optional(),
  PUSHER_SECRET: z.string().optional(),
  PUSHER_CLUSTER: z.string().optional(),
  PUSHER_HOST: z.string().optional(),
  PUSHER_PORT: z.coerce.number().int().optional(),
  // which proxies' X-Forwarded-For entries count (lib/client-address.ts)
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine(
      (value) => {
        try {
          parseTrustedProxies(value);
          return true;
        } catch {
          return false;
        }
      },
      { message: "TRUSTED_PROXIES must be none, a number of proxies, or addresses and CIDR ranges, comma-separated" },
    ),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Nexus cannot start; fix the environment:\n  ${missing.join("\n  ")}`);
  }
  cached = parsed.data;
  return cached;
}
