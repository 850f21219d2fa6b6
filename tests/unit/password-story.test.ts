// One password-reset story (issue 16): the code issues one-time links, so the README must say
// so, and nothing may describe a temporary password that code no longer has. (The shared spec is
// read-only to this repo; the closing note asks for its line to be changed.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { INVITE_TTL_MS, RESET_TTL_MS } from "@/lib/password-links";

const HOUR = 60 * 60 * 1000;
const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");

describe("the password-reset story", () => {
  it("README describes resets as one-time links with the code's lifetimes", () => {
    expect(readme).not.toMatch(/temporary password works/i);
    expect(readme).toMatch(/reset password\*\*, issues a one-time\s+set-password link/);
    expect(RESET_TTL_MS).toBe(24 * HOUR);
    expect(readme).toMatch(/a reset for 24\s+hours/);
    expect(INVITE_TTL_MS).toBe(7 * 24 * HOUR);
    expect(readme).toMatch(/an invitation is valid for 7 days/);
  });
});
