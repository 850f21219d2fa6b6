// Hostile input (issue 8): arbitrary values sent to every command behind a server action
// and to the ingestion API. Whatever arrives, the answer is a typed result (never a 500
// or a thrown error), and a rejected request changes nothing in the database.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as alertCommands from "@/app/(admin)/admin/alerts/commands";
import * as billing from "@/app/(admin)/admin/billing/commands";
import * as connectionCommands from "@/app/(admin)/admin/companies/[id]/connections/commands";
import * as revealCommands from "@/app/(admin)/admin/companies/[id]/credentials/commands";
import * as ingestionKeyCommands from "@/app/(admin)/admin/companies/[id]/ingestion-keys/commands";
import * as ingestionLimitCommands from "@/app/(admin)/admin/companies/[id]/ingestion-limits/commands";
import * as companyCommands from "@/app/(admin)/admin/companies/commands";
import * as profileCommands from "@/app/(admin)/admin/profile/commands";
import * as settingsCommands from "@/app/(admin)/admin/settings/commands";
import * as userCommands from "@/app/(admin)/admin/users/commands";
import * as expectationCommands from "@/app/(admin)/admin/workflows/[id]/expectation/commands";
import * as workflowCommands from "@/app/(admin)/admin/workflows/commands";
import * as credentialCommands from "@/app/(client)/credentials/commands";
import * as notificationCommands from "@/app/(client)/notifications/commands";
import { ingestionKeys } from "@/db/schema";
import { stableId } from "@/db/seed";
import type { ActionResult, Command } from "@/lib/action";
import { ingestExecution } from "@/lib/ingestion";
import { contextFor, viewerFor } from "../support/context";
import { createSeededDatabase, engines, type TestDatabase } from "../support/databases";

const modules = {
  alertCommands,
  expectationCommands,
  billing,
  connectionCommands,
  revealCommands,
  ingestionKeyCommands,
  ingestionLimitCommands,
  companyCommands,
  profileCommands,
  settingsCommands,
  userCommands,
  workflowCommands,
  credentialCommands,
  notificationCommands,
};
const commands = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, Command<unknown>>).map(([name, run]) => ({ name: `${module}.${name}`, run })),
);

const ACME = stableId("company:acme");
const SHIPMENT = stableId("workflow:acme:Shipment status sync");
// Field names the forms send, so random values reach the validation and the bodies.
const FIELDS = [
  "id", "userId", "companyId", "workflowId", "planId", "invoiceId", "credentialId", "keyId", "ids",
  "name", "email", "role", "status", "industry", "description", "platform", "trigger", "hourlyRate",
  "minutesSavedPerRun", "month", "method", "reference", "reason", "secret", "service", "password",
  "currentPassword", "newPassword", "confirmPassword", "origin", "basePrice", "includedRuns",
  "overagePrice", "currency", "active", "seId", "defaultHourlyRate", "defaultMinutesSavedPerRun",
  "connectionId", "baseUrl", "apiKey", "externalWorkflowId", "externalName", "target",
  "alertId", "note", "minutes", "cadence", "intervalValue", "intervalUnit", "cronExpression", "timeZone", "graceMinutes",
  "failureStreak", "failureRatePercent", "failureRateWindow", "failureRateMinRuns", "alertEmail",
  "keyRatePerMinute", "keyBurst", "companyRatePerMinute", "companyBurst",
  "run_failures", "workflow_changes", "credentials", "billing", "alerts", "groupMinutes", "retentionDays",
] as const;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", " ", "0", "-1", "1e309", "NaN", "Infinity", "null", "undefined", "true", "[]", "{}",
    "<script>alert(1)</script>", "' OR 1=1 --", "\u0000", "\u202e", "../../etc/passwd", "=HYPERLINK(\"x\")",
    "2026-13-45", "9999-12-31", "http://169.254.169.254", "ftp://n8n.example.com", "new", "untracked",
    "15 9 * * 1-5", "59", "100", "600000", "600001", "1,200", "1.5", "-100", "61 * * * *", "@yearly", "Europe/Berlin", "Mars/Olympus", "cron", "interval", "60", ACME, SHIPMENT, "00000000-0000-0000-0000-000000000000", "x".repeat(5000)),
  fc.uuid(),
  fc.emailAddress(),
);
const hostileInput = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 8 }),
  fc.anything(),
);

// Everything a command can write, summarised cheaply: a rejected request must leave it equal.
const WRITABLE = [
  "users", "companies", "workflows", "plans", "invoices", "credentials", "ingestion_keys",
  "notifications", "platform_settings", "sessions", "verification_tokens", "audit_log",
  "engine_connections", "connection_workflows", "workflow_expectations", "alerts", "alert_events",
  "ingestion_limits",
  "notification_reads",
];

async function fingerprint(database: TestDatabase): Promise<string> {
  const parts = await Promise.all(
    WRITABLE.map(async (table) => {
      const rows = await database.db.execute<{ digest: string }>(
        sql.raw(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS digest FROM ${table} t`),
      );
      return `${table}=${rows[0]?.digest ?? ""}`;
    }),
  );
  return parts.join(" ");
}

describe.each(engines)("hostile input on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each(["admin@nexus.example.com", "sam@nexus.example.com", "olivia@acme.example.com"])(
    "every command answers %s with a typed result, and a rejection changes nothing",
    async (email) => {
      const viewer = await viewerFor(database.db, email);
      for (const { name, run } of commands) {
        await fc.assert(
          fc.asyncProperty(hostileInput, async (input) => {
            const before = await fingerprint(database);
            let result: ActionResult<unknown>;
            try {
              result = await run(contextFor(database.db, viewer), input);
            } catch (error) {
              throw new Error(`${name} threw on ${JSON.stringify(input)?.slice(0, 300)}: ${(error as Error).message}`);
            }
            expect(typeof result.ok, name).toBe("boolean");
            if (!result.ok) {
              expect([400, 401, 403, 404, 409], `${name}: ${result.error}`).toContain(result.status);
              expect(await fingerprint(database), `${name} changed data while refusing ${JSON.stringify(input)?.slice(0, 200)}`).toBe(before);
            }
          }),
          { numRuns: 8, seed: 20261125 },
        );
      }
    },
    240_000,
  );

  it("the ingestion API answers arbitrary bodies with 400, 401, 404 or 413 and records nothing for them", async () => {
    const key = `nxk_${randomBytes(24).toString("base64url")}`;
    await database.db.insert(ingestionKeys).values({
      companyId: ACME,
      name: "hostile input",
      prefix: key.slice(0, 12),
      keyHash: createHash("sha256").update(key).digest("hex"),
    });
    const runs = async () =>
      (await database.db.execute<{ n: string }>(sql`SELECT count(*)::text AS n FROM workflow_executions`))[0]?.n;
    const report = fc.record(
      {
        workflowId: fc.oneof(fc.constant(SHIPMENT), fc.uuid(), hostileString),
        externalId: hostileString,
        status: fc.oneof(fc.constantFrom("running", "succeeded", "failed", "cancelled"), hostileString),
        startedAt: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), hostileString),
        finishedAt: fc.oneof(fc.constant(undefined), fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), hostileString),
        errorMessage: fc.oneof(fc.constant(undefined), hostileString),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json(),
      report.map((value) => JSON.stringify(value)),
      // batches: a list of reports, or something else under "runs"
      fc.record({ runs: fc.oneof(fc.array(report, { maxLength: 4 }), fc.anything()) }).map((value) => JSON.stringify(value)),
    );
    // a header can only carry visible ASCII; anything else never reaches the server
    const authorization = fc.oneof(
      fc.constant(`Bearer ${key}`),
      fc.constant(`Bearer ${key}`),
      hostileString.map((value) => value.replace(/[^\x20-\x7e]/g, "")),
    );
    await fc.assert(
      fc.asyncProperty(body, authorization, async (text, auth) => {
        const before = await runs();
        const request = new Request("http://nexus.test/api/v1/executions", {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/json" },
          body: text,
        });
        const outcome = await ingestExecution(database.db, request);
        // 429: the key's rate limit (a refused request records nothing either)
        expect([200, 201, 400, 401, 404, 413, 429]).toContain(outcome.status);
        if (outcome.status >= 400) expect(await runs()).toBe(before);
      }),
      { numRuns: 100, seed: 20261125 },
    );
  });
});
