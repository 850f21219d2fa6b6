import "server-only";
import { Algorithm, hash, verify } from "@node-rs/argon2";

// argon2id at OWASP's minimum: m = 19 MiB, t = 2, p = 1 (PRODUCT.md §7).
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the account does not exist, so timing does not reveal it.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0fVtQ2h3MGZbQ3o3fhVvD4E4u5eBqB7c2sYh1lnF0aY";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}
