// Every zod schema behind a form or a URL takes arbitrary input without throwing: bad
// input is a failed parse (a message for the user), never an exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as audit from "@/app/(admin)/admin/audit/schema";
import * as billing from "@/app/(admin)/admin/billing/schema";
import * as connections from "@/app/(admin)/admin/companies/[id]/connections/schema";
import * as ingestionLimits from "@/app/(admin)/admin/companies/[id]/ingestion-limits/schema";
import * as companies from "@/app/(admin)/admin/companies/schema";
import * as executions from "@/app/(admin)/admin/executions/schema";
import * as profile from "@/app/(admin)/admin/profile/schema";
import * as settings from "@/app/(admin)/admin/settings/schema";
import * as users from "@/app/(admin)/admin/users/schema";
import * as workflows from "@/app/(admin)/admin/workflows/schema";
import * as setPassword from "@/app/(auth)/set-password/[token]/schema";
import * as credentials from "@/app/(client)/credentials/schema";
import * as notifications from "@/app/(client)/notifications/schema";
import * as reports from "@/app/(client)/reports/schema";

const modules = { audit, billing, companies, connections, ingestionLimits, executions, profile, settings, users, workflows, setPassword, credentials, notifications, reports };
const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => ({ name: `${module}.${name}`, schema })),
);

describe("zod schemas under arbitrary input", () => {
  it("finds the schemas", () => {
    expect(schemas.length).toBeGreaterThan(20);
  });

  it.each(schemas.map((entry) => [entry.name, entry.schema] as const))("%s never throws", async (_name, schema) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.string())), async (input) => {
        // async: some schemas refine asynchronously; safeParseAsync covers both kinds
        const result = await schema.safeParseAsync(input);
        expect(typeof result.success).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });
});
