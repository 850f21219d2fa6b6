// Credential encryption (lib/crypto.ts) and the key ring (lib/credential-keys.ts):
// AES-256-GCM round trips, any tampering or a foreign AAD fails, nonces never repeat,
// and key versions rotate.
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCredentialKey, parseCredentialKeys } from "@/lib/credential-keys";
import {
  createKeyRing,
  credentialAad,
  decrypt,
  decryptWithRing,
  encrypt,
  encryptWithRing,
  NONCE_BYTES,
  secretHint,
  TAG_BYTES,
  type SealedSecret,
} from "@/lib/crypto";

const key = randomBytes(32);
const companyId = randomUUID();
const credentialId = randomUUID();
const aad = credentialAad(companyId, credentialId);

/** A copy of the record with one byte of one part flipped by a non-zero mask. */
function flipped(sealed: SealedSecret, part: keyof SealedSecret, index: number, mask: number): SealedSecret {
  const bytes = Buffer.from(sealed[part]);
  const at = index % bytes.length;
  bytes[at] = (bytes[at] ?? 0) ^ mask;
  return { ...sealed, [part]: bytes };
}

describe("encrypt and decrypt", () => {
  it("round-trips any text, including empty, unicode and long secrets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (plaintext) => {
        const sealed = encrypt(key, plaintext, aad);
        expect(sealed.nonce).toHaveLength(NONCE_BYTES);
        expect(sealed.tag).toHaveLength(TAG_BYTES);
        expect(decrypt(key, sealed, aad)).toBe(plaintext);
      }),
    );
    const long = "x".repeat(10_000);
    expect(decrypt(key, encrypt(key, long, aad), aad)).toBe(long);
  });

  it("never stores the plaintext in the ciphertext", () => {
    const secret = "sk_test_demo_0123456789abcdef";
    const sealed = encrypt(key, secret, aad);
    expect(sealed.ciphertext.toString("utf8")).not.toContain(secret);
    expect(Buffer.concat([sealed.ciphertext, sealed.nonce, sealed.tag]).includes(Buffer.from(secret))).toBe(false);
  });

  it("fails when any byte of the ciphertext, the nonce or the tag changes", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.constantFrom<keyof SealedSecret>("ciphertext", "nonce", "tag"),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (plaintext, part, index, mask) => {
          const sealed = encrypt(key, plaintext, aad);
          expect(() => decrypt(key, flipped(sealed, part, index, mask), aad)).toThrow();
        },
      ),
    );
  });

  it("fails on a truncated tag or ciphertext, and with another key", () => {
    const sealed = encrypt(key, "a secret long enough", aad);
    expect(() => decrypt(key, { ...sealed, tag: sealed.tag.subarray(0, 12) }, aad)).toThrow();
    expect(() => decrypt(key, { ...sealed, ciphertext: sealed.ciphertext.subarray(1) }, aad)).toThrow();
    expect(() => decrypt(randomBytes(32), sealed, aad)).toThrow();
    expect(() => encrypt(randomBytes(16), "short key", aad)).toThrow(/32 bytes/);
  });

  it("fails when the record is read under another company id or credential id (AAD)", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.string({ maxLength: 64 }), (otherCompany, otherCredential, plaintext) => {
        fc.pre(otherCompany !== companyId && otherCredential !== credentialId);
        const sealed = encrypt(key, plaintext, aad);
        expect(() => decrypt(key, sealed, credentialAad(otherCompany, credentialId))).toThrow();
        expect(() => decrypt(key, sealed, credentialAad(companyId, otherCredential))).toThrow();
        expect(() => decrypt(key, sealed, credentialAad(credentialId, companyId))).toThrow();
      }),
    );
  });

  it("uses a fresh nonce every time: 1,000 encryptions of the same secret never repeat one", () => {
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 1_000; i += 1) {
      const sealed = encrypt(key, "the same secret", aad);
      nonces.add(sealed.nonce.toString("hex"));
      ciphertexts.add(sealed.ciphertext.toString("hex"));
    }
    expect(nonces.size).toBe(1_000);
    expect(ciphertexts.size).toBe(1_000);
  });

  it("binds the AAD to the company and the record", () => {
    expect(credentialAad("c", "r")).toBe("credential:c:r");
  });
});

describe("key ring", () => {
  const v1 = randomBytes(32);
  const v2 = randomBytes(32);

  it("decrypts a version-1 record with a ring of versions 1 and 2, while new encryptions use 2", () => {
    const before = parseCredentialKeys(formatCredentialKey(1, v1));
    const record = encryptWithRing(before, "sk_test_demo_rotate_me", aad);
    expect(record.keyVersion).toBe(1);

    const after = parseCredentialKeys(`${formatCredentialKey(1, v1)},${formatCredentialKey(2, v2)}`);
    expect(after.currentVersion).toBe(2);
    expect(decryptWithRing(after, record, aad)).toBe("sk_test_demo_rotate_me");

    const fresh = encryptWithRing(after, "sk_test_demo_rotate_me", aad);
    expect(fresh.keyVersion).toBe(2);
    expect(decrypt(v2, fresh, aad)).toBe("sk_test_demo_rotate_me");
    expect(() => decrypt(v1, fresh, aad)).toThrow();

    // once version 1 is retired, its records no longer open: rotate them first
    const onlyV2 = createKeyRing([[2, v2]]);
    expect(() => decryptWithRing(onlyV2, record, aad)).toThrow(/version 1/);
  });

  it("picks the highest version whatever the order, and tolerates spaces", () => {
    const ring = parseCredentialKeys(` ${formatCredentialKey(3, v2)} , ${formatCredentialKey(1, v1)} `);
    expect(ring.currentVersion).toBe(3);
    expect([...ring.keys.keys()].sort()).toEqual([1, 3]);
  });

  it("refuses a malformed CREDENTIAL_KEYS with an error that names it and never shows the key", () => {
    const shortKey = randomBytes(16).toString("base64");
    const cases = [
      undefined,
      "",
      "   ",
      randomBytes(32).toString("base64"),
      `one:${v1.toString("base64")}`,
      `0:${v1.toString("base64")}`,
      `1:${shortKey}`,
      `1:${v1.toString("base64")},1:${v2.toString("base64")}`,
      `1:${v1.toString("base64")},`,
      `1:not base64!`,
    ];
    for (const value of cases) {
      let message = "";
      try {
        parseCredentialKeys(value);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, String(value)).toMatch(/CREDENTIAL_KEYS/);
      expect(message).not.toContain(v1.toString("base64"));
      expect(message).not.toContain(shortKey);
    }
  });
});

describe("hint", () => {
  it("keeps the last four characters of a long secret and nothing of a short one", () => {
    expect(secretHint("sk_test_demo_abcdef123f9a")).toBe("3f9a");
    expect(secretHint("hunter2")).toBe("");
    expect(secretHint("x".repeat(15))).toBe("");
    expect(secretHint("🔑".repeat(20))).toBe("🔑🔑🔑🔑");
  });
});
