import "server-only";
import { createKeyRing, KEY_BYTES, type KeyRing } from "./crypto";

// The credential encryption keys (PRODUCT.md §7) come from the environment:
// CREDENTIAL_KEYS="1:<base64 of 32 bytes>,2:<base64 of 32 bytes>". The highest version
// encrypts; every listed version decrypts, so a new key can be added, records moved to it
// with `npm run keys:rotate`, and only then the old one removed.

const VARIABLE = "CREDENTIAL_KEYS";
const ENTRY = /^(\d{1,6}):([A-Za-z0-9+/]+={0,2})$/;

/**
 * The key ring a CREDENTIAL_KEYS value describes. A malformed value throws an error that
 * names the variable and the entry, never the key material.
 */
export function parseCredentialKeys(value: string | undefined, variable = VARIABLE): KeyRing {
  const text = value?.trim();
  if (!text) throw new Error(`${variable} is not set: it must list the credential keys as "1:<base64 of ${KEY_BYTES} bytes>".`);
  const entries: [number, Buffer][] = [];
  const seen = new Set<number>();
  for (const [index, raw] of text.split(",").entries()) {
    const match = ENTRY.exec(raw.trim());
    const version = Number(match?.[1]);
    const key = match?.[2] ? Buffer.from(match[2], "base64") : null;
    const position = `entry ${index + 1}`;
    if (!match || !key) {
      throw new Error(`${variable} is malformed at ${position}: each entry is "<version>:<base64 key>", separated by commas.`);
    }
    if (version < 1) throw new Error(`${variable} is malformed at ${position}: versions start at 1.`);
    if (seen.has(version)) throw new Error(`${variable} lists version ${version} twice.`);
    if (key.length !== KEY_BYTES) {
      throw new Error(`${variable}: the key of version ${version} is ${key.length} bytes; AES-256 needs ${KEY_BYTES}.`);
    }
    seen.add(version);
    entries.push([version, key]);
  }
  return createKeyRing(entries);
}

let cached: { source: string; ring: KeyRing } | undefined;

/** The ring from process.env.CREDENTIAL_KEYS, parsed once per value. */
export function credentialKeyRing(): KeyRing {
  const source = process.env[VARIABLE] ?? "";
  if (cached?.source !== source) cached = { source, ring: parseCredentialKeys(source) };
  return cached.ring;
}

/** A CREDENTIAL_KEYS entry for a new random key, for the local setup. */
export function formatCredentialKey(version: number, key: Buffer): string {
  return `${version}:${key.toString("base64")}`;
}
