// Secrets never reach the browser bundles (PRODUCT.md §7): no file the build serves under
// .next/static/ holds a seeded credential secret, the test-only key, or even the name
// of the variable that holds the keys (which would mean key-handling code was bundled).
// No browser needed: this reads the production build the e2e server serves.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demoCredentialSecrets, TEST_ONLY_CREDENTIAL_KEYS } from "../../db/seed-credentials";

const STATIC_DIR = path.join(process.cwd(), ".next", "static");

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("no file under .next/static/ contains a seeded secret or CREDENTIAL_KEYS", () => {
  const files = filesUnder(STATIC_DIR);
  expect(files.length).toBeGreaterThan(0);
  const secrets = demoCredentialSecrets();
  expect(secrets.length).toBeGreaterThan(10);
  const needles = [
    ...secrets.map((secret) => ({ label: "a seeded secret", bytes: Buffer.from(secret, "utf8") })),
    { label: "the test-only key", bytes: Buffer.from(TEST_ONLY_CREDENTIAL_KEYS.slice(2), "utf8") },
    { label: "CREDENTIAL_KEYS", bytes: Buffer.from("CREDENTIAL_KEYS", "utf8") },
  ];
  const leaks: string[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    for (const needle of needles) {
      if (content.includes(needle.bytes)) leaks.push(`${path.relative(process.cwd(), file)}: ${needle.label}`);
    }
  }
  expect(leaks).toEqual([]);
});
