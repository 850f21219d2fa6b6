// One test per cell of the permission matrix in PRODUCT.md §1. The table below is copied
// from the spec verbatim; each row maps to the capabilities of lib/authz.ts that carry it.
import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { can, companyScope, permissionMatrix, type Capability, type Viewer } from "@/lib/authz";

const SPEC = `
| admin dashboard | all companies | own companies | – |
| staff users (admin, se): list, create, edit, deactivate | yes | – | – |
| client users: list, create, edit, deactivate, reset password | all | own companies | – |
| companies: create, archive, set plan, assign SE | yes | – | – |
| companies: edit profile (name, industry, hourly rate, status) | yes | own | – |
| workflows: create, edit, pause/resume, archive | all | own companies | view own company |
| executions: view | all | own companies | own company |
| ingestion keys: create, revoke | all | own companies | – |
| credentials: add, replace (rotate), delete | – | – | own company |
| credentials: list (masked) | all | own companies | own company |
| credentials: reveal the secret (audited, client notified) | yes | own companies | – |
| billing: plans and prices, issue invoices, record payments | yes | – | – |
| billing: usage and invoices, read | all | own companies | own company |
| platform settings | yes | – | – |
| audit log | all | own companies | own company's credential access log |
| notifications | own | own | own |
| own name and password (\`/admin/profile\`, \`/settings\`) | yes | yes | yes |
| engine connections (n8n): add, test, map workflows, pause, delete | all | own companies | – |
| workflow expectations (cadence, failure rule) | all | own companies | – |
| alerts: view | all | own companies | own company's workflow health |
| alerts: acknowledge, snooze | all | own companies | – |
| erase a deactivated user | yes | – | – |
`;

// Which capabilities carry each row. A cell like "view own company" grants only the
// read capability: the write one stays denied for that role.
const ROW_CAPABILITIES: Record<string, { [cell: string]: Capability[] }> = {
  "admin dashboard": { default: ["adminDashboard.view"] },
  "staff users (admin, se): list, create, edit, deactivate": { default: ["staffUsers.manage"] },
  "client users: list, create, edit, deactivate, reset password": { default: ["clientUsers.manage"] },
  // a company's ingestion rate limits go with its plan: admin-only (issue 20)
  "companies: create, archive, set plan, assign SE": { default: ["companies.manage", "ingestionLimits.manage"] },
  "companies: edit profile (name, industry, hourly rate, status)": { default: ["companies.editProfile"] },
  "workflows: create, edit, pause/resume, archive": {
    default: ["workflows.manage", "workflows.view"],
    "view own company": ["workflows.view"],
  },
  "executions: view": { default: ["executions.view"] },
  "ingestion keys: create, revoke": { default: ["ingestionKeys.manage"] },
  "credentials: add, replace (rotate), delete": { default: ["credentials.write"] },
  "credentials: list (masked)": { default: ["credentials.list"] },
  "credentials: reveal the secret (audited, client notified)": { default: ["credentials.reveal"] },
  "billing: plans and prices, issue invoices, record payments": { default: ["billing.manage"] },
  "billing: usage and invoices, read": { default: ["billing.view"] },
  "platform settings": { default: ["platformSettings.manage"] },
  "audit log": {
    default: ["audit.view", "credentialAccessLog.view"],
    "own company's credential access log": ["credentialAccessLog.view"],
  },
  notifications: { default: ["notifications.own"] },
  "own name and password (`/admin/profile`, `/settings`)": { default: ["profile.own"] },
  "engine connections (n8n): add, test, map workflows, pause, delete": { default: ["connections.manage"] },
  "workflow expectations (cadence, failure rule)": { default: ["expectations.manage"] },
  "alerts: view": { default: ["alerts.view"] },
  "alerts: acknowledge, snooze": { default: ["alerts.manage"] },
  "erase a deactivated user": { default: ["users.erase"] },
};

const OWN = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";

const viewers: Record<Role, Viewer> = {
  admin: { id: "a", email: "a@x.test", name: "A", role: "admin", companyId: null, companyIds: [], sessionId: "sid" },
  se: { id: "s", email: "s@x.test", name: "S", role: "se", companyId: null, companyIds: [OWN], sessionId: "sid" },
  client: { id: "c", email: "c@x.test", name: "C", role: "client", companyId: OWN, companyIds: [OWN], sessionId: "sid" },
};

type Expectation = "every company" | "own companies only" | "own records" | "denied";

function expectationOf(cell: string, capability: Capability, row: string): Expectation {
  if (cell === "–") return "denied";
  const granted = ROW_CAPABILITIES[row]?.[cell] ?? ROW_CAPABILITIES[row]?.default ?? [];
  if (!granted.includes(capability)) return "denied";
  if (row === "notifications" || row.startsWith("own name and password")) return "own records";
  if (cell === "yes" || cell === "all" || cell === "all companies") return "every company";
  return "own companies only";
}

const rows = SPEC.trim()
  .split("\n")
  .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()))
  .map(([row = "", admin = "", se = "", client = ""]) => ({ row, cells: { admin, se, client } as Record<Role, string> }));

describe("permission matrix (PRODUCT.md §1)", () => {
  it("maps every row of the spec and every capability of lib/authz", () => {
    expect(rows).toHaveLength(22);
    const mapped = new Set(rows.flatMap(({ row }) => Object.values(ROW_CAPABILITIES[row] ?? {}).flat()));
    expect([...mapped].sort()).toEqual(Object.keys(permissionMatrix).sort());
  });

  for (const { row, cells } of rows) {
    describe(row, () => {
      for (const role of ["admin", "se", "client"] as const) {
        const cell = cells[role];
        const capabilities = [...new Set(Object.values(ROW_CAPABILITIES[row] ?? {}).flat())];
        it(`${role}: ${cell}`, () => {
          const viewer = viewers[role];
          for (const capability of capabilities) {
            const expected = expectationOf(cell, capability, row);
            const onOwn = can(viewer, capability, { companyId: OWN });
            const onOther = can(viewer, capability, { companyId: OTHER });
            const label = `${capability} for ${role}`;
            switch (expected) {
              case "every company":
                expect([can(viewer, capability), onOwn, onOther], label).toEqual([true, true, true]);
                expect(companyScope(viewer, capability), label).toEqual({ kind: "all" });
                break;
              case "own companies only":
                expect([can(viewer, capability), onOwn, onOther], label).toEqual([true, true, false]);
                expect(companyScope(viewer, capability), label).toEqual({ kind: "companies", companyIds: [OWN] });
                break;
              case "own records":
                expect(can(viewer, capability), label).toBe(true);
                expect(companyScope(viewer, capability), label).toBeNull();
                break;
              case "denied":
                expect([can(viewer, capability), onOwn, onOther], label).toEqual([false, false, false]);
                expect(companyScope(viewer, capability), label).toBeNull();
                break;
            }
          }
        });
      }
    });
  }

  it("denies everything to a signed-out visitor", () => {
    for (const capability of Object.keys(permissionMatrix) as Capability[]) {
      expect(can(null, capability)).toBe(false);
      expect(companyScope(null, capability)).toBeNull();
    }
  });

  it("gives an SE with no assigned company an empty scope, not every company", () => {
    const lonely: Viewer = { ...viewers.se, companyIds: [] };
    expect(companyScope(lonely, "executions.view")).toEqual({ kind: "companies", companyIds: [] });
    expect(can(lonely, "executions.view", { companyId: OWN })).toBe(false);
  });
});
