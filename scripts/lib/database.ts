import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startPgliteServer, type PgliteServer } from "./pglite-server";

// Local runtime state: `.data/` in the checkout, or NEXUS_DATA_DIR (a second local
// instance, or the README smoke test, on its own database beside yours).
const DATA_DIR = path.resolve(process.env.NEXUS_DATA_DIR || path.join(process.cwd(), ".data"));
export const PGLITE_DATA_DIR = path.join(DATA_DIR, "pglite");
// Where a running `npm start` says how to reach its embedded database.
const RUNTIME_FILE = path.join(DATA_DIR, "runtime.json");
const DEFAULT_PGLITE_PORT = 54329;

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * The database a script should use: DATABASE_URL when set; else the embedded PGlite a
 * running `npm start` serves (PGlite has one owner); else the embedded PGlite in .data/,
 * served by this process for as long as it runs.
 */
export async function openDatabase(options: { publish?: boolean } = {}): Promise<{
  url: string;
  embedded: PgliteServer | null;
}> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  if (existsSync(RUNTIME_FILE)) {
    const runtime = JSON.parse(readFileSync(RUNTIME_FILE, "utf8")) as { url: string; port: number };
    if (await portAnswers(runtime.port)) return { url: runtime.url, embedded: null };
  }
  const port = Number(process.env.PGLITE_PORT ?? DEFAULT_PGLITE_PORT);
  const embedded = await startPgliteServer({
    dataDir: PGLITE_DATA_DIR,
    port: (await portAnswers(port)) ? 0 : port,
  });
  if (options.publish) {
    writeFileSync(RUNTIME_FILE, JSON.stringify({ url: embedded.url, port: embedded.port }));
    const close = embedded.close;
    embedded.close = async () => {
      rmSync(RUNTIME_FILE, { force: true });
      await close();
    };
  }
  return { url: embedded.url, embedded };
}
