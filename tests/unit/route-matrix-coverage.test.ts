// Every page, route handler method and server action of app/ has exactly one row in the
// route × role matrix (tests/e2e/route-matrix.ts), and every row points at something
// that exists: a new route without a row, or a row left behind, fails here by name.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionRows, handlerRows, pageRows, rowName, matrix, ACTORS } from "../e2e/route-matrix";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const files = walk(APP).map((file) => path.relative(ROOT, file).split(path.sep).join("/"));

/** app/(admin)/admin/users/[id]/page.tsx → /admin/users/[id]: route groups are not in the URL. */
function routeOf(file: string): string {
  const segments = file.split("/").slice(1, -1).filter((segment) => !/^\(.*\)$/.test(segment));
  return `/${segments.join("/")}`;
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The HTTP methods a route.ts exports: functions, constants, and destructured exports. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let|var)\s+([A-Z]+)\b/g)) {
    if (match[1]) found.add(match[1]);
  }
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}/g)) {
    for (const name of (match[1] ?? "").split(",")) {
      const local = name.split(":").pop()?.trim();
      if (local) found.add(local);
    }
  }
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of (match[1] ?? "").split(",")) {
      const exported = name.split(/\s+as\s+/).pop()?.trim();
      if (exported) found.add(exported);
    }
  }
  return [...found].filter((name) => (HTTP_METHODS as readonly string[]).includes(name)).sort();
}

/** Every export of a "use server" file is a server action reachable by POST. */
function exportedActions(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/g)) {
    if (match[1]) found.add(match[1]);
  }
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of (match[1] ?? "").split(",")) {
      const exported = name.split(/\s+as\s+/).pop()?.trim();
      if (exported && !exported.startsWith("type ")) found.add(exported);
    }
  }
  if (/export\s+default\b/.test(source)) found.add("default");
  return [...found].sort();
}

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

const pages = files.filter((file) => /\/page\.(tsx|ts|jsx|js)$/.test(file)).map(routeOf).sort();
const handlers = files
  .filter((file) => /\/route\.(ts|js)$/.test(file))
  .flatMap((file) => exportedMethods(read(file)).map((method) => `${method} ${routeOf(file)}`))
  .sort();
const actions = files
  .filter((file) => /\/actions\.(ts|js)$/.test(file))
  .flatMap((file) => exportedActions(read(file)).map((name) => `${file}#${name}`))
  .sort();

/** Each item with how many rows it has: [missing, duplicated, rows pointing at nothing]. */
function compare(found: string[], rows: string[]) {
  const count = (item: string) => rows.filter((row) => row === item).length;
  return {
    withoutRow: found.filter((item) => count(item) === 0),
    withSeveralRows: [...new Set(rows.filter((row) => count(row) > 1))],
    rowsForNothing: rows.filter((row) => !found.includes(row)),
  };
}

const none = { withoutRow: [], withSeveralRows: [], rowsForNothing: [] };

describe("the route × role matrix covers the app", () => {
  it("finds the app's routes (the walk itself works)", () => {
    expect(pages).toContain("/admin/users/[id]");
    expect(pages).toContain("/login");
    expect(handlers).toContain("GET /api/health");
    expect(handlers).toContain("POST /api/auth/[...nextauth]");
    expect(actions).toContain("app/(admin)/admin/users/actions.ts#createUserAction");
    expect(actions).toContain("app/(auth)/sign-out/actions.ts#signOutAction");
  });

  it("has exactly one row for every page", () => {
    expect(compare(pages, pageRows.map((row) => row.route))).toEqual(none);
  });

  it("has exactly one row for every method every route handler exports", () => {
    expect(compare(handlers, handlerRows.map((row) => `${row.method} ${row.route}`))).toEqual(none);
  });

  it("has exactly one row for every export of every actions file", () => {
    expect(compare(actions, actionRows.map((row) => `${row.file}#${row.name}`))).toEqual(none);
  });

  it("gives every row a cell for every actor", () => {
    const incomplete = matrix.filter((row) => ACTORS.some((actor) => row.expect[actor] === undefined)).map(rowName);
    expect(incomplete).toEqual([]);
  });

  it("reads route handler exports in each form the app uses", () => {
    expect(exportedMethods("export async function GET(request: Request) {}")).toEqual(["GET"]);
    expect(exportedMethods("export const { GET, POST } = handlers;")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export const POST = wrap(handler);\nexport { handler as PUT };")).toEqual(["POST", "PUT"]);
    expect(exportedMethods("export const dynamic = 'force-dynamic';")).toEqual([]);
    expect(exportedActions('"use server";\nexport const a = serverAction(x);\nexport async function b() {}\nexport { c as d };')).toEqual([
      "a",
      "b",
      "d",
    ]);
  });
});
