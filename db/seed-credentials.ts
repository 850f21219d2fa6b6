import { createHash } from "node:crypto";
import { credentialAad, encryptWithRing, secretHint } from "../lib/crypto";
import type { Queryable } from "./client";
import { demoCompanies, stableId } from "./seed-data";

// The demo credentials of PRODUCT.md §8: a few per company, with secrets that are
// obviously fake ("demo" in every one) but look like the real thing, derived from the
// company and credential names so every seed writes the same ones.
//
// This file imports nothing server-only at load time: the browser-bundle check
// (tests/e2e/credentials-bundle.spec.ts) imports it to compute the seeded secrets.

type SecretStyle = "stripe" | "slack" | "hubspot" | "google" | "twilio" | "shopify" | "apiKey" | "password";

type DemoCredential = {
  key: string;
  name: string;
  service: string;
  style: SecretStyle;
  createdDaysAgo: number;
  rotatedDaysAgo?: number;
};

export const demoCredentials: Record<string, readonly DemoCredential[]> = {
  acme: [
    { key: "stripe", name: "Stripe", service: "Stripe", style: "stripe", createdDaysAgo: 84, rotatedDaysAgo: 20 },
    { key: "project44", name: "Carrier tracking API", service: "project44", style: "apiKey", createdDaysAgo: 80 },
    { key: "slack", name: "Dispatch Slack bot", service: "Slack", style: "slack", createdDaysAgo: 61 },
  ],
  brightside: [
    { key: "twilio", name: "Patient SMS", service: "Twilio", style: "twilio", createdDaysAgo: 77 },
    { key: "google", name: "Calendar service account", service: "Google Workspace", style: "google", createdDaysAgo: 70, rotatedDaysAgo: 12 },
  ],
  copperleaf: [
    { key: "hubspot", name: "HubSpot CRM", service: "HubSpot", style: "hubspot", createdDaysAgo: 88 },
    { key: "mls", name: "MLS feed login", service: "Bright MLS", style: "password", createdDaysAgo: 66 },
    { key: "slack", name: "Agents Slack bot", service: "Slack", style: "slack", createdDaysAgo: 40, rotatedDaysAgo: 5 },
  ],
  driftwood: [
    { key: "shopify", name: "Shopify Admin API", service: "Shopify", style: "shopify", createdDaysAgo: 89, rotatedDaysAgo: 30 },
    { key: "stripe", name: "Stripe", service: "Stripe", style: "stripe", createdDaysAgo: 89 },
    { key: "3pl", name: "3PL warehouse API", service: "ShipBob", style: "apiKey", createdDaysAgo: 75 },
    { key: "klaviyo", name: "Klaviyo", service: "Klaviyo", style: "apiKey", createdDaysAgo: 33 },
  ],
  evergreen: [
    { key: "quickbooks", name: "QuickBooks Online", service: "QuickBooks", style: "apiKey", createdDaysAgo: 82 },
    { key: "google", name: "Drive service account", service: "Google Workspace", style: "google", createdDaysAgo: 58 },
  ],
  foxglove: [
    { key: "slack", name: "Studio Slack bot", service: "Slack", style: "slack", createdDaysAgo: 25 },
    { key: "frameio", name: "Frame.io", service: "Frame.io", style: "password", createdDaysAgo: 21 },
  ],
};

function digest(companyKey: string, credentialKey: string): string {
  return createHash("sha256").update(`nexus-demo-credential:${companyKey}:${credentialKey}`).digest("hex");
}

/** The fake secret of one demo credential: the same on every seed. */
export function demoCredentialSecret(companyKey: string, credential: Pick<DemoCredential, "key" | "style">): string {
  const hex = digest(companyKey, credential.key);
  const digits = BigInt(`0x${hex.slice(0, 15)}`).toString().padStart(18, "0");
  switch (credential.style) {
    case "stripe":
      return `sk_test_demo_${hex.slice(0, 40)}`;
    case "slack":
      return `xoxb-demo-${digits.slice(0, 12)}-${digits.slice(6, 18)}-${hex.slice(20, 44)}`;
    case "hubspot":
      return `pat-demo-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    case "google":
      return `demo-service-account:${hex.slice(0, 48)}`;
    case "twilio":
      return `SKdemo${hex.slice(0, 32)}`;
    case "shopify":
      return `shpat_demo_${hex.slice(0, 32)}`;
    case "password":
      return `demo-Pass-${hex.slice(0, 6)}-${hex.slice(6, 12)}-${hex.slice(12, 16)}`;
    case "apiKey":
      return `demo_key_${hex.slice(0, 40)}`;
  }
}

/** Every seeded secret, for tests that check a secret never leaks. */
export function demoCredentialSecrets(): string[] {
  return Object.entries(demoCredentials).flatMap(([companyKey, list]) =>
    list.map((credential) => demoCredentialSecret(companyKey, credential)),
  );
}

/**
 * A fixed key for automated tests only, so test databases can be seeded without
 * CREDENTIAL_KEYS. Derived from this label, hence public: never use it anywhere else.
 */
export const TEST_ONLY_CREDENTIAL_KEYS = `1:${createHash("sha256")
  .update("nexus TEST-ONLY credential key: public, never use outside automated tests")
  .digest("base64")}`;

function isTestRun(): boolean {
  return process.env.NODE_ENV === "test" || Boolean(process.env.VITEST);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Writes the demo credentials, encrypted with the newest key of `credentialKeys` (else
 * CREDENTIAL_KEYS; in automated tests only, else the test-only key). Without keys it
 * seeds none and says so. Idempotent: derived ids, ON CONFLICT DO NOTHING. Returns how
 * many it inserted.
 */
export async function seedCredentials(db: Queryable, { now, credentialKeys }: { now: Date; credentialKeys?: string }): Promise<number> {
  const source = credentialKeys ?? process.env.CREDENTIAL_KEYS ?? (isTestRun() ? TEST_ONLY_CREDENTIAL_KEYS : undefined);
  if (!source) {
    console.warn("CREDENTIAL_KEYS is not set: the demo credentials were not seeded. Run `npm start` once to generate a local key, then seed again.");
    return 0;
  }
  // Loaded here, not at the top: both pull in server-only modules (see above).
  const [{ parseCredentialKeys }, { insertCredentialsIfMissing }] = await Promise.all([
    import("../lib/credential-keys"),
    import("./queries/credentials"),
  ]);
  const ring = parseCredentialKeys(source);
  const rows = demoCompanies.flatMap((company) =>
    (demoCredentials[company.key] ?? []).map((credential) => {
      const id = stableId(`credential:${company.key}:${credential.key}`);
      const companyId = stableId(`company:${company.key}`);
      const secret = demoCredentialSecret(company.key, credential);
      const sealed = encryptWithRing(ring, secret, credentialAad(companyId, id));
      const owner = company.users[0];
      return {
        id,
        companyId,
        name: credential.name,
        service: credential.service,
        ciphertext: sealed.ciphertext,
        nonce: sealed.nonce,
        tag: sealed.tag,
        keyVersion: sealed.keyVersion,
        hint: secretHint(secret),
        createdById: owner ? stableId(`user:${owner.email}`) : null,
        createdAt: new Date(now.getTime() - credential.createdDaysAgo * DAY_MS),
        rotatedAt: credential.rotatedDaysAgo === undefined ? null : new Date(now.getTime() - credential.rotatedDaysAgo * DAY_MS),
      };
    }),
  );
  return insertCredentialsIfMissing(db, rows);
}
