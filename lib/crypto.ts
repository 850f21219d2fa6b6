import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Credential encryption (PRODUCT.md §7): AES-256-GCM with a fresh 96-bit nonce per
// encryption, and the record's company id and id as additional authenticated data, so a
// ciphertext copied onto another record (or another company) fails to decrypt. Pure:
// bytes and keys in, bytes out. Where keys come from is lib/credential-keys.ts; storage
// is db/queries/credentials.ts.

const ALGORITHM = "aes-256-gcm";
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** What is stored for one secret (the key version travels next to it). */
export type SealedSecret = { ciphertext: Buffer; nonce: Buffer; tag: Buffer };

/** The additional authenticated data that binds a ciphertext to its record. */
export function credentialAad(companyId: string, credentialId: string): string {
  return `credential:${companyId}:${credentialId}`;
}

/** The additional authenticated data that binds an engine connection's API key to its record. */
export function connectionKeyAad(companyId: string, connectionId: string): string {
  return `engine-connection:${companyId}:${connectionId}`;
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`An AES-256 key must be ${KEY_BYTES} bytes, not ${key.length}.`);
}

export function encrypt(key: Buffer, plaintext: string, aad: string): SealedSecret {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext, nonce, tag: cipher.getAuthTag() };
}

/** The plaintext; throws when the key, the AAD or any byte of the record is wrong. */
export function decrypt(key: Buffer, sealed: SealedSecret, aad: string): string {
  checkKey(key);
  if (sealed.nonce.length !== NONCE_BYTES) throw new Error("The nonce has the wrong length.");
  // GCM accepts shorter tags unless told otherwise; a truncated tag must not verify.
  if (sealed.tag.length !== TAG_BYTES) throw new Error("The authentication tag has the wrong length.");
  const decipher = createDecipheriv(ALGORITHM, key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
}

// ---------------------------------------------------------------- key ring

/** Every key by version; the highest version encrypts, every version decrypts. */
export type KeyRing = { readonly currentVersion: number; readonly keys: ReadonlyMap<number, Buffer> };

export function createKeyRing(entries: Iterable<readonly [number, Buffer]>): KeyRing {
  const keys = new Map<number, Buffer>();
  for (const [version, key] of entries) {
    if (!Number.isSafeInteger(version) || version < 1) throw new Error(`Key versions are whole numbers from 1, not ${version}.`);
    if (keys.has(version)) throw new Error(`Key version ${version} appears twice.`);
    checkKey(key);
    keys.set(version, key);
  }
  if (keys.size === 0) throw new Error("A key ring needs at least one key.");
  return { currentVersion: Math.max(...keys.keys()), keys };
}

/** Encrypts with the ring's newest key and says which version that was. */
export function encryptWithRing(ring: KeyRing, plaintext: string, aad: string): SealedSecret & { keyVersion: number } {
  const key = ring.keys.get(ring.currentVersion);
  if (!key) throw new Error("The key ring has no key for its current version.");
  return { ...encrypt(key, plaintext, aad), keyVersion: ring.currentVersion };
}

/** Decrypts a record with the key of its version; throws when the ring lacks that version. */
export function decryptWithRing(ring: KeyRing, sealed: SealedSecret & { keyVersion: number }, aad: string): string {
  const key = ring.keys.get(sealed.keyVersion);
  if (!key) throw new Error(`No credential key of version ${sealed.keyVersion} is configured.`);
  return decrypt(key, sealed, aad);
}

/**
 * The last characters of a secret, kept in clear for the masked display. Four of a long
 * secret; none of a short one, where four characters would give away too much of it.
 */
export function secretHint(secret: string): string {
  const characters = Array.from(secret);
  return characters.length >= 16 ? characters.slice(-4).join("") : "";
}
