import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { startPgliteServer, type PgliteServer } from "./pglite-server";

/** Where local state lives: NEXUS_DATA_DIR, default `.data` in the working directory. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.NEXUS_DATA_DIR || path.join(process.cwd(), ".data"));
}
export const pgliteDataDir = (env: NodeJS.ProcessEnv = process.env) => path.join(dataDir(env), "pglite");
// Where a running `npm start` says how to reach its embedded database.
export const runtimeFile = (env: NodeJS.ProcessEnv = process.env) => path.join(dataDir(env), "runtime.json");
const DEFAULT_PGLITE_PORT = 54329;

const runtimeSchema = z.object({ url: z.string(), port: z.number().int(), pid: z.number().int().optional() });

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The database a running `npm start` serves, from its runtime.json, or null. A file left by
 * a crash (its process gone, or its port silent) is stale: it is reported and removed, so
 * this start serves the database itself.
 */
async function runningOwner(): Promise<{ url: string } | null> {
  const file = runtimeFile();
  if (!existsSync(file)) return null;
  let runtime: z.infer<typeof runtimeSchema> | null = null;
  try {
    runtime = runtimeSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    runtime = null; // torn or foreign: stale
  }
  if (runtime && (runtime.pid === undefined || processIsAlive(runtime.pid)) && (await portAnswers(runtime.port))) {
    return { url: runtime.url };
  }
  console.log(`Replacing a stale ${path.relative(process.cwd(), file) || file} (left by a process that is no longer running).`);
  rmSync(file, { force: true });
  return null;
}

/**
 * The database a script should use: DATABASE_URL when set; else the embedded PGlite a
 * running `npm start` serves (PGlite has one owner); else the embedded PGlite in the data
 * folder, served by this process for as long as it runs. With `publish`, this process
 * becomes the owner others find (runtime.json, written atomically, removed on close).
 */
export async function openDatabase(options: { publish?: boolean } = {}): Promise<{
  url: string;
  embedded: PgliteServer | null;
}> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const owner = await runningOwner();
  if (owner) return { url: owner.url, embedded: null };
  const port = Number(process.env.PGLITE_PORT ?? DEFAULT_PGLITE_PORT);
  const embedded = await startPgliteServer({
    dataDir: pgliteDataDir(),
    port: (await portAnswers(port)) ? 0 : port,
  });
  if (options.publish) {
    const file = runtimeFile();
    writeFileSync(`${file}.tmp`, JSON.stringify({ url: embedded.url, port: embedded.port, pid: process.pid }));
    renameSync(`${file}.tmp`, file);
    const close = embedded.close;
    embedded.close = async () => {
      await close();
      // only our own: a later owner may have replaced it
      try {
        if (runtimeSchema.parse(JSON.parse(readFileSync(file, "utf8"))).pid === process.pid) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    };
  }
  return { url: embedded.url, embedded };
}
