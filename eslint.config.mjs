import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FlatCompat } from "@eslint/eslintrc";
import drizzle from "eslint-plugin-drizzle";

// An import of the app/ directory, by alias or by a relative path that climbs into it.
const APP_IMPORT = "^(@/app|(\\.\\./)+app)(/|$)";
const APP_IMPORT_MESSAGE = "Only app/ imports from app/: move the component beside its route (a _components/ folder) or pass the action in as a prop.";

const compat = new FlatCompat({ baseDirectory: dirname(fileURLToPath(import.meta.url)) });

const config = [
  { ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...compat.extends("next/core-web-vitals", "next/typescript"),
  {
    // import/no-cycle follows our own modules only: parsing node_modules for it costs minutes
    // (PGlite's bundles overflow the parser's stack) and a package cannot import us back.
    settings: { "import/ignore": ["node_modules"] },
    plugins: { drizzle },
    rules: {
      // Every update and delete needs a where clause (CONVENTIONS.md habit 9).
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      // No import cycles anywhere (CONVENTIONS.md, Boundaries): a cycle makes module
      // initialisation order matter and hides which module really owns what.
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Arrows point one way (CONVENTIONS.md, Boundaries): routes use components, lib and db;
    // nothing outside app/ imports a route's actions, schemas or hooks. A component that
    // needs a route's action lives beside that route (its _components/) or takes it as a prop.
    files: ["components/**", "lib/**", "db/**", "scripts/**", "middleware.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: APP_IMPORT, message: APP_IMPORT_MESSAGE }] }],
    },
  },
  {
    // components/ui renders what it is given: no database, no authorization, no area components.
    files: ["components/ui/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: APP_IMPORT, message: APP_IMPORT_MESSAGE },
            { regex: "^@/(db|lib/authz)(/|$)", message: "components/ui renders what it is given: pass data in as props." },
            { regex: "^@/components/(?!ui/)", message: "components/ui is the bottom layer: it imports only other components/ui modules." },
          ],
        },
      ],
    },
  },
];

export default config;
