// Arrows point one way (CONVENTIONS.md, Boundaries; issue 17, item 4): the lint rules in
// eslint.config.mjs refuse an import of app/ from components/, lib/ or db/, and any import
// cycle. Each case lints a planted file (text only, nothing is written) with the project's
// own configuration, so a rule that is switched off or mis-scoped fails here by name. The
// planted text is linted as if it were an existing file (import/no-cycle needs the path to
// exist); the file on disk is not touched.
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

async function rulesBroken(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("import boundaries", () => {
  it("refuses a component that imports a route's action", async () => {
    const planted = `import { createUserAction } from "@/app/(admin)/admin/users/actions";\nexport const planted = createUserAction;\n`;
    expect(await rulesBroken("components/admin/executions-table.tsx", planted)).toContain("no-restricted-imports");
  }, 60_000);

  it("refuses lib/ and db/ reaching into app/, by alias or by relative path", async () => {
    const alias = `import { markNotificationsReadAction } from "@/app/(client)/notifications/actions";\nexport const planted = markNotificationsReadAction;\n`;
    const relative = `import { markNotificationsReadAction } from "../app/(client)/notifications/actions";\nexport const planted = markNotificationsReadAction;\n`;
    expect(await rulesBroken("lib/routes.ts", alias)).toContain("no-restricted-imports");
    expect(await rulesBroken("db/seed-data.ts", relative)).toContain("no-restricted-imports");
  }, 60_000);

  it("refuses an import cycle (the seed modules' old circle)", async () => {
    // db/seed.ts imports db/seed-data.ts; seed-data importing seed back closes a circle
    const planted = `import { seed } from "./seed";\nexport const planted = seed;\n`;
    expect(await rulesBroken("db/seed-data.ts", planted)).toContain("import/no-cycle");
  }, 60_000);

  it("lets a route import its own actions", async () => {
    const allowed = `import { createUserAction } from "@/app/(admin)/admin/users/actions";\nexport const allowed = createUserAction;\n`;
    expect(await rulesBroken("app/(admin)/admin/users/_components/users-create-form.tsx", allowed)).toEqual([]);
  }, 60_000);
});
