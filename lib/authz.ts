import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Role } from "@/db/schema";

/**
 * The permission matrix of PRODUCT.md §1 as code, and the only place that decides who
 * may do what on which company. Pages, server actions and route handlers ask `can` (or
 * the guards in lib/guards.ts, which ask it); queries take the `companyScope` it returns.
 *
 * A grant is "all" (every company), "own" (the companies in the viewer's scope: an SE's
 * assigned companies, a client's own company), "self" (only the viewer's own records),
 * or false. Anything not listed is denied.
 */
export type Grant = "all" | "own" | "self" | false;

export const permissionMatrix = {
  // admin dashboard
  "adminDashboard.view": { admin: "all", se: "own", client: false },
  // staff users (admin, se): list, create, edit, deactivate
  "staffUsers.manage": { admin: "all", se: false, client: false },
  // users: erase a deactivated user's personal data (privacy requests)
  "users.erase": { admin: "all", se: false, client: false },
  // client users: list, create, edit, deactivate, reset password
  "clientUsers.manage": { admin: "all", se: "own", client: false },
  // companies: create, archive, set plan, assign SE
  "companies.manage": { admin: "all", se: false, client: false },
  // companies: edit profile (name, industry, hourly rate, status); also opens the list and detail
  "companies.editProfile": { admin: "all", se: "own", client: false },
  // workflows: create, edit, pause/resume, archive
  "workflows.manage": { admin: "all", se: "own", client: false },
  // workflows: view (the client's own company's, read-only)
  "workflows.view": { admin: "all", se: "own", client: "own" },
  // executions: view
  "executions.view": { admin: "all", se: "own", client: "own" },
  // ingestion keys: create, revoke (and see each key's recent traffic)
  "ingestionKeys.manage": { admin: "all", se: "own", client: false },
  // ingestion rate limits of a company: a platform capacity decision, like its plan (issue 20)
  "ingestionLimits.manage": { admin: "all", se: false, client: false },
  // credentials: add, replace (rotate), delete
  "credentials.write": { admin: false, se: false, client: "own" },
  // credentials: list (masked)
  "credentials.list": { admin: "all", se: "own", client: "own" },
  // credentials: reveal the secret (audited, client notified)
  "credentials.reveal": { admin: "all", se: "own", client: false },
  // billing: plans and prices, issue invoices, record payments
  "billing.manage": { admin: "all", se: false, client: false },
  // billing: usage and invoices, read
  "billing.view": { admin: "all", se: "own", client: "own" },
  // platform settings
  "platformSettings.manage": { admin: "all", se: false, client: false },
  // audit log (staff)
  "audit.view": { admin: "all", se: "own", client: false },
  // the client's own company's credential access log
  "credentialAccessLog.view": { admin: "all", se: "own", client: "own" },
  // notifications
  "notifications.own": { admin: "self", se: "self", client: "self" },
  // own name and password
  "profile.own": { admin: "self", se: "self", client: "self" },
  // engine connections (n8n): add, test, map workflows, pause, delete
  "connections.manage": { admin: "all", se: "own", client: false },
  // workflow expectations (cadence, failure rule)
  "expectations.manage": { admin: "all", se: "own", client: false },
  // alerts: view (a client sees their own company's workflow health)
  "alerts.view": { admin: "all", se: "own", client: "own" },
  // alerts: acknowledge, snooze
  "alerts.manage": { admin: "all", se: "own", client: false },
} as const satisfies Record<string, Record<Role, Grant>>;

export type Capability = keyof typeof permissionMatrix;

/** Who is asking, as loaded from the database on this request (lib/session.ts). */
export type Viewer = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** a client's company; null for staff */
  companyId: string | null;
  /** the companies in scope for "own" grants: an SE's assigned ones, a client's own */
  companyIds: readonly string[];
  /** this browser's sessions row */
  sessionId: string;
};

export type CompanyScope = { kind: "all" } | { kind: "companies"; companyIds: readonly string[] };

export function grantOf(role: Role, capability: Capability): Grant {
  return permissionMatrix[capability][role];
}

/**
 * May the viewer use this capability? With `companyId`, on that company's data; without,
 * at all (a page that lists only what the scope allows).
 */
export function can(viewer: Viewer | null, capability: Capability, target?: { companyId: string }): boolean {
  if (!viewer) return false;
  const grant = grantOf(viewer.role, capability);
  if (grant === false) return false;
  if (grant === "all" || grant === "self" || !target) return true;
  return viewer.companyIds.includes(target.companyId);
}

/** The companies a capability reaches, for scoping queries; null when it reaches none. */
export function companyScope(viewer: Viewer | null, capability: Capability): CompanyScope | null {
  if (!viewer) return null;
  const grant = grantOf(viewer.role, capability);
  if (grant === "all") return { kind: "all" };
  if (grant === "own") return { kind: "companies", companyIds: viewer.companyIds };
  return null;
}

/** companyScope for a viewer a guard has let in: a capability that reaches nothing scopes to no company. */
export function scopeFor(viewer: Viewer, capability: Capability): CompanyScope {
  return companyScope(viewer, capability) ?? { kind: "companies", companyIds: [] };
}

/**
 * May the viewer subscribe to this realtime channel (PRODUCT.md §6)? A company's channel:
 * whoever may view its runs; a user's channel: that user; private-staff (every run event):
 * admins; presence-staff: staff. Anything else: no.
 */
export function canSubscribe(viewer: Viewer | null, channel: string): boolean {
  if (!viewer) return false;
  const company = /^private-company-([0-9a-f-]{36})$/.exec(channel)?.[1];
  if (company) return can(viewer, "executions.view", { companyId: company });
  const user = /^private-user-([0-9a-f-]{36})$/.exec(channel)?.[1];
  if (user) return user === viewer.id;
  if (channel === "private-staff") return viewer.role === "admin";
  if (channel === "presence-staff") return viewer.role === "admin" || viewer.role === "se";
  return false;
}

/**
 * May this request run the scheduled tasks (/api/cron/tick)? Only with
 * `Authorization: Bearer $CRON_SECRET`; never when no secret is configured. Compared in
 * constant time (over digests, so the length does not leak either).
 */
export function isCronAuthorized(authorization: string | null, secret: string | undefined = process.env.CRON_SECRET): boolean {
  if (!secret || secret.length < 16 || !authorization) return false;
  const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
