import { decode, type JWT } from "next-auth/jwt";

// Reading the Auth.js session cookie directly: one decryption, no re-issued cookie.
// Auth.js's own auth() runs its whole session endpoint per call (decrypt, callbacks,
// re-encrypt a rolling cookie) — a fifth of a signed-in page's CPU. The cookie needs no
// rolling here: it lives as long as the absolute session lifetime, and the sessions row
// (db/queries/sessions.ts) carries idle expiry and revocation.

const COOKIE = "authjs.session-token";
// Auth.js prefixes the name on https; the name is also the key-derivation salt.
const NAMES = [`__Secure-${COOKIE}`, COOKIE] as const;

export type CookieReader = {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
};

/** The session cookie and the name it was set under; reassembled when Auth.js chunked it (`.0`, `.1`…). */
export function sessionCookie(cookies: CookieReader): { name: string; value: string } | null {
  for (const name of NAMES) {
    const whole = cookies.get(name)?.value;
    if (whole) return { name, value: whole };
    const chunks = cookies
      .getAll()
      .map((cookie) => ({ index: Number(cookie.name.slice(name.length + 1)), cookie }))
      .filter(({ cookie, index }) => cookie.name.startsWith(`${name}.`) && Number.isInteger(index))
      .sort((a, b) => a.index - b.index);
    if (chunks.length > 0) return { name, value: chunks.map(({ cookie }) => cookie.value).join("") };
  }
  return null;
}

/** The session's claims (sid, role, company), or null when absent, expired or not ours. */
export async function readSessionClaims(cookies: CookieReader, secret: string): Promise<JWT | null> {
  const cookie = sessionCookie(cookies);
  if (!cookie) return null;
  try {
    return await decode({ token: cookie.value, secret, salt: cookie.name });
  } catch {
    // Tampered, expired or signed with an old secret: treated as signed out.
    return null;
  }
}
