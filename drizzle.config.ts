import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; `npm run db:migrate` applies migrations itself.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./drizzle",
  casing: "snake_case",
});
