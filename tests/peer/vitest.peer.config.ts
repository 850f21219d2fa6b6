// The peer suite on its own: `npx vitest run --config tests/peer/vitest.peer.config.ts`.
// Needs n8n in .peers/n8n (scripts/install-n8n.sh) and TEST_DATABASE_URL (a loopback
// PostgreSQL superuser URL, as .ci/run sets it).
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: {
    alias: {
      "@": root,
      // server-only throws outside React Server Components; tests are server code.
      "server-only": path.resolve(root, "tests/support/server-only.ts"),
    },
  },
  test: {
    name: "peer",
    include: ["tests/peer/**/*.test.ts"],
    environment: "node",
    // one real n8n at a time: it takes about 1 GB and both cores while it starts
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
