// `npm run keys:rotate`: re-encrypts every credential and every engine connection's API key
// sealed under an older key with the newest key of CREDENTIAL_KEYS, a row at a time, while
// the app keeps running.
// `npm run keys:rotate -- --add-key` first appends a new random key version to
// .env.local's CREDENTIAL_KEYS (the local setup; elsewhere add it to the environment).
//
// The safe order in production: add the new version to CREDENTIAL_KEYS on every app
// instance and restart them; run this; then retire the old version.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { createDb } from "../db/client";
import { reencryptConnectionKeys } from "../db/queries/connections";
import { reencryptCredentials } from "../db/queries/credentials";
import { formatCredentialKey, parseCredentialKeys } from "../lib/credential-keys";
import { KEY_BYTES } from "../lib/crypto";
import { openDatabase } from "./lib/database";
import { LOCAL_ENV_FILE, loadLocalEnv } from "./lib/local-env";

/** Appends a version to CREDENTIAL_KEYS in .env.local; returns the new version. */
function addKeyToLocalEnv(): number {
  let text: string;
  try {
    text = readFileSync(LOCAL_ENV_FILE, "utf8");
  } catch {
    throw new Error(`${LOCAL_ENV_FILE} does not exist: run \`npm start\` once to create it, or set CREDENTIAL_KEYS yourself.`);
  }
  const current = parseEnv(text).CREDENTIAL_KEYS;
  const ring = parseCredentialKeys(current, `CREDENTIAL_KEYS in ${LOCAL_ENV_FILE}`);
  const version = ring.currentVersion + 1;
  const value = `${current?.trim()},${formatCredentialKey(version, randomBytes(KEY_BYTES))}`;
  const lines = text.split("\n");
  const index = lines.findIndex((line) => /^\s*CREDENTIAL_KEYS\s*=/.test(line));
  if (index === -1) throw new Error(`No CREDENTIAL_KEYS line in ${LOCAL_ENV_FILE}.`);
  lines[index] = `CREDENTIAL_KEYS=${value}`;
  writeFileSync(LOCAL_ENV_FILE, lines.join("\n"), { mode: 0o600 });
  process.env.CREDENTIAL_KEYS = value;
  return version;
}

async function main(): Promise<void> {
  const addKey = process.argv.includes("--add-key");
  if (addKey && process.env.CREDENTIAL_KEYS) {
    throw new Error("CREDENTIAL_KEYS is set in the environment, so --add-key (which edits .env.local) would not take effect. Add the key there instead.");
  }
  loadLocalEnv();
  if (addKey) {
    const version = addKeyToLocalEnv();
    console.log(`Added credential key version ${version} to ${LOCAL_ENV_FILE}.`);
    console.log("A server started before this reads CREDENTIAL_KEYS only at start: restart it to encrypt with the new key.");
  }

  const ring = parseCredentialKeys(process.env.CREDENTIAL_KEYS);
  const { url, embedded } = await openDatabase();
  if (addKey && !embedded && !process.env.DATABASE_URL) {
    // The database is the one a running `npm start` serves: records moved to the new key now
    // would be unreadable to that server until it restarts. Let it restart first.
    console.log("A running `npm start` serves the database: restart it, then run `npm run keys:rotate` to re-encrypt.");
    return;
  }
  const { db, client } = createDb(url, { max: 1 });
  try {
    console.log(`Re-encrypting credentials to key version ${ring.currentVersion}…`);
    const started = Date.now();
    const report = await reencryptCredentials(db, ring, {
      batchSize: 50,
      onBatch: (progress) => console.log(`  ${progress.reencrypted} re-encrypted so far`),
    });
    const connections = await reencryptConnectionKeys(db, ring, { batchSize: 50 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Done in ${seconds} s: ${report.reencrypted} re-encrypted, ${report.skipped} changed meanwhile (already current or deleted), ${report.failed.length} could not be decrypted.`,
    );
    console.log(
      `n8n connection keys: ${connections.reencrypted} re-encrypted, ${connections.skipped} changed meanwhile, ${connections.failed.length} could not be decrypted.`,
    );
    const failed = [...report.failed, ...connections.failed];
    if (failed.length > 0) {
      console.error(`Not re-encrypted (wrong key or tampered): ${failed.join(", ")}`);
      process.exitCode = 1;
    } else {
      console.log("Every credential and connection key now uses the newest key; older versions can be removed from CREDENTIAL_KEYS once every server runs with this one.");
    }
  } finally {
    await client.end();
    await embedded?.close();
  }
}

// Expected failures (a malformed CREDENTIAL_KEYS, no .env.local) are one clear line, not a stack.
main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
