// Seeded template databases, built once per test run (vitest globalSetup) and copied for
// each test file: seeding ~61k runs takes seconds, copying a template well under one.
import { randomBytes } from "node:crypto";
import { writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seed } from "@/db/seed";
import { TEST_ONLY_CREDENTIAL_KEYS } from "@/db/seed-credentials";
import { startPgliteServer } from "../../scripts/lib/pglite-server";

/** The moment the templates are seeded at; tests that compare with "now" use it. */
export const SEED_NOW = new Date("2026-11-20T15:30:00Z");

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

export function loopbackAdminUrl(): URL {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`TEST_DATABASE_URL must point at a loopback server, not ${url.hostname}`);
  }
  return url;
}

async function seeded(url: string) {
  await runMigrations(url);
  const { db, client } = createDb(url, { max: 2 });
  // a fixed key, so tests can decrypt the seeded credentials
  await seed(db, { now: SEED_NOW, credentialKeys: TEST_ONLY_CREDENTIAL_KEYS });
  await client.end();
}

export default async function setup(project: TestProject) {
  const pglite = await startPgliteServer({});
  await seeded(pglite.url);
  const file = path.join(os.tmpdir(), `nexus-template-${process.pid}-${randomBytes(4).toString("hex")}.tar`);
  await writeFile(file, Buffer.from(await (await pglite.dump()).arrayBuffer()));
  await pglite.close();
  project.provide("pgliteTemplate", file);

  let dropTemplate = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const adminUrl = loopbackAdminUrl();
    const name = `nexus_template_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    await seeded(target.toString());
    project.provide("postgresTemplate", name);
    dropTemplate = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    project.provide("postgresTemplate", "");
  }

  return async () => {
    await rm(file, { force: true });
    await dropTemplate();
  };
}
