import path from "node:path";
import { startPgliteServer, type PgliteServer } from "./pglite-server";

export const PGLITE_DATA_DIR = path.join(process.cwd(), ".data", "pglite");

/**
 * The database a script should use: DATABASE_URL when set, otherwise the embedded
 * PGlite in .data/, served on loopback for as long as the script runs.
 */
export async function openDatabase(): Promise<{ url: string; embedded: PgliteServer | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const embedded = await startPgliteServer({ dataDir: PGLITE_DATA_DIR });
  return { url: embedded.url, embedded };
}
