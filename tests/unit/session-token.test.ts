// The session cookie as middleware and pages read it: what Auth.js wrote is read back,
// also chunked or under the https name; anything else is signed out.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionClaims, sessionCookie, type CookieReader } from "@/lib/session-token";

const secret = "a-test-secret-that-is-at-least-32-characters";

function jar(entries: Record<string, string>): CookieReader {
  return {
    get: (name) => (name in entries ? { value: entries[name] as string } : undefined),
    getAll: () => Object.entries(entries).map(([name, value]) => ({ name, value })),
  };
}

async function tokenFor(salt: string, claims: Record<string, unknown> = { sid: "s-1", role: "client" }) {
  return encode({ token: claims, secret, salt, maxAge: 60 });
}

describe("the session cookie", () => {
  it("reads the claims Auth.js wrote, on http and on https", async () => {
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) {
      const claims = await readSessionClaims(jar({ [name]: await tokenFor(name) }), secret);
      expect(claims).toMatchObject({ sid: "s-1", role: "client" });
    }
  });

  it("reassembles a chunked cookie in index order", async () => {
    const token = await tokenFor("authjs.session-token");
    const third = Math.ceil(token.length / 3);
    const cookies = jar({
      "authjs.session-token.2": token.slice(2 * third),
      "authjs.session-token.0": token.slice(0, third),
      "authjs.session-token.1": token.slice(third, 2 * third),
    });
    expect(sessionCookie(cookies)?.value).toBe(token);
    expect(await readSessionClaims(cookies, secret)).toMatchObject({ sid: "s-1" });
  });

  it("treats a missing, tampered, foreign or misnamed cookie as signed out", async () => {
    const token = await tokenFor("authjs.session-token");
    expect(await readSessionClaims(jar({}), secret)).toBeNull();
    expect(await readSessionClaims(jar({ "authjs.session-token": `${token.slice(0, -4)}AAAA` }), secret)).toBeNull();
    expect(await readSessionClaims(jar({ "authjs.session-token": token }), `${secret}-other`)).toBeNull();
    // The name is the key-derivation salt: a token moved to the other name does not decrypt.
    expect(await readSessionClaims(jar({ "__Secure-authjs.session-token": token }), secret)).toBeNull();
  });

  it("refuses an expired token", async () => {
    const expired = await encode({ token: { sid: "s-1" }, secret, salt: "authjs.session-token", maxAge: -60 });
    expect(await readSessionClaims(jar({ "authjs.session-token": expired }), secret)).toBeNull();
  });
});
