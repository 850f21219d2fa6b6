// Logs go through the logger (lib/logger.ts: JSON, request id, secrets redacted), never
// straight to the console, in everything that runs in the app (issue 16, item 7). Client
// components and the seed's progress lines are not server logs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder)).flatMap((name) => {
    const relative = path.join(folder, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sources(relative);
    return /\.(ts|tsx)$/.test(name) ? [relative] : [];
  });
}

describe("server code logs through the logger", () => {
  it("has no console.* call in lib/, db/ or app/ outside client components and the seed", () => {
    const offenders = ["lib", "db", "app"]
      .flatMap(sources)
      .filter((file) => !/^db\/seed/.test(file))
      .filter((file) => {
        const text = readFileSync(path.join(ROOT, file), "utf8");
        return !/^["']use client["']/m.test(text) && /\bconsole\.(log|info|warn|error|debug)\(/.test(text);
      });
    expect(offenders).toEqual([]);
  });
});
