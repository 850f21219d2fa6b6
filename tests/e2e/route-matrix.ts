// The route × role matrix (issue 8, PRODUCT.md §1): one row per page, per route handler
// method and per server action, and for each actor the outcome the product promises.
// tests/e2e/route-matrix.spec.ts replays every cell against the production build;
// tests/unit/route-matrix-coverage.test.ts fails when a route, handler or action has no
// row (or a row points at nothing). A plain module: no Playwright, so vitest imports it.
//
// Where the values come from: PRODUCT.md §1's permission matrix as lib/authz.ts encodes
// it, and the guards (lib/guards.ts requirePage): signed out → /login?next=<path>; the
// other area or a capability the role lacks → the viewer's home; a record of a company
// outside the viewer's scope → 404. Middleware routes the areas first, so a POST of a
// server action to a page of the other area is answered by its redirect before the
// action runs (the action's own check for those roles is covered by the integration
// tests, which call the commands directly).
//
// Records with ids are Acme Logistics' (the spec looks them up). Actors:
//   signedOut    no session
//   client       olivia@acme.example.com, a client of Acme
//   clientOther  daniel@copperleaf.example.com, a client of another company, on Acme's records
//   se           sam@nexus.example.com, Acme's SE
//   seOther      priya@nexus.example.com, an SE without Acme
//   admin        admin@nexus.example.com

export const ACTORS = ["signedOut", "client", "clientOther", "se", "seOther", "admin"] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedInActor = Exclude<Actor, "signedOut">;

export const ACTOR_EMAILS: Record<SignedInActor, string> = {
  client: "olivia@acme.example.com",
  clientOther: "daniel@copperleaf.example.com",
  se: "sam@nexus.example.com",
  seOther: "priya@nexus.example.com",
  admin: "admin@nexus.example.com",
};

/**
 * A redirect. `redirect:/login` is the sign-in page with `?next=` the requested path
 * (or, for signing out, the bare sign-in page); the others are exactly that path.
 */
export type Redirect = "redirect:/login" | "redirect:/admin" | "redirect:/dashboard";
export type PageOutcome = 200 | 404 | Redirect;
export type HandlerOutcome = 200 | 302 | 400 | 401 | 403 | 404 | Redirect;
/**
 * What a server action answers: its ActionResult (`ok`, or the status of a refusal), or a
 * redirect. The sign-in action returns its own state: `signed-in` counts as ok and
 * `error` as 400. A 409 is a refusal of the request itself, after authorization (a sync
 * asked of a paused connection).
 */
export type ActionOutcome = "ok" | 400 | 401 | 403 | 409 | Redirect;

type Cells<T> = Record<Actor, T>;

const L = "redirect:/login";
const A = "redirect:/admin";
const D = "redirect:/dashboard";

/** The records the rows point at, looked up in the e2e database by the spec. */
export type Fixtures = {
  /** the app's origin, for the commands that build links */
  origin: string;
  /** unique per run: names and emails of rows the actions create */
  stamp: string;
  /** a bogus set-password token of the right shape */
  bogusToken: string;
  /** a month every billable company is already invoiced for (YYYY-MM): issuing it again changes nothing */
  invoicedMonth: string;
  names: Record<SignedInActor, string>;
  settings: { defaultHourlyRate: string; defaultMinutesSavedPerRun: string; currency: string };
  acme: {
    companyId: string;
    company: { name: string; industry: string; hourlyRate: string; status: string; assignedSeId: string };
    /** choosing it again changes nothing: the pending plan if there is one, else the current */
    planChoice: string;
    plan: { id: string; name: string; basePrice: string; includedRuns: string; overagePrice: string };
    workflow: {
      id: string;
      name: string;
      description: string;
      platform: string;
      trigger: string;
      minutesSavedPerRun: string;
      status: string;
    };
    /** a run of `workflow` */
    runId: string;
    /** an issued (not draft) invoice */
    invoiceId: string;
    /** olivia, the client actor */
    clientUserId: string;
    /** another Acme client (not an actor), as its edit form sends it */
    otherUser: { id: string; name: string; email: string };
    /** an Acme client user who is deactivated */
    inactiveUserId: string;
    credential: { id: string; name: string; service: string };
    ingestionKeyId: string;
    /**
     * an Acme n8n connection, paused (the worker leaves it alone), its key sealed by the
     * server; its URL is a closed loopback port, so asking it fails at once
     */
    connection: { id: string; name: string; baseUrl: string };
    /** one of olivia's notifications */
    notificationId: string;
    /**
     * an open "late" alert of Acme, on a workflow of its own that is late by its expectation
     * (so the job worker's evaluator keeps it open for the run)
     */
    alertId: string;
  };
};

/**
 * Kinds of throwaway Acme records (a company for the company-level commands). An actor
 * whose cell is `ok` acts on one made for it, so an allowed destructive action leaves
 * the demo data as it was; every other actor acts on Acme's real record, which the
 * spec checks is unchanged afterwards.
 */
export type ScratchKind =
  | "activeClientUser"
  | "inactiveClientUser"
  | "activeCompany"
  | "archivedCompany"
  | "inactivePlan"
  | "openInvoice"
  | "activeWorkflow"
  | "pausedWorkflow"
  | "credential"
  | "ingestionKey"
  | "connection"
  /** an open Acme alert, on a late workflow of its own */
  | "alert";

export type FormInput = { f: Fixtures; actor: Actor; own: string | undefined };

export type PageRow = {
  kind: "page";
  /** the route as the app directory spells it, without route groups */
  route: string;
  path: (f: Fixtures) => string;
  expect: Cells<PageOutcome>;
};

export type HandlerRow = {
  kind: "handler";
  route: string;
  method: "GET" | "POST";
  request: (f: Fixtures) => { path: string; form?: Record<string, string>; json?: unknown };
  expect: Cells<HandlerOutcome>;
};

export type ActionRow = {
  kind: "action";
  /** the actions file, from the repository root */
  file: string;
  /** the exported action */
  name: string;
  /** the page the action is posted to (a page that renders it); clients use `clientPage` when given */
  page: (f: Fixtures) => string;
  clientPage?: (f: Fixtures) => string;
  scratch?: ScratchKind;
  /** the form fields: valid, so that only authorization decides */
  form: (input: FormInput) => Record<string, string>;
  expect: Cells<ActionOutcome>;
  /** ends the caller's session: the spec runs these last */
  endsSession?: true;
};

export type MatrixRow = PageRow | HandlerRow | ActionRow;

const at = (path: string) => () => path;

// ------------------------------------------------------------------------------ pages

const staffPage = (se: PageOutcome, seOther: PageOutcome, admin: PageOutcome): Cells<PageOutcome> => ({
  signedOut: L,
  client: D,
  clientOther: D,
  se,
  seOther,
  admin,
});
const clientPage = (client: PageOutcome, clientOther: PageOutcome): Cells<PageOutcome> => ({
  signedOut: L,
  client,
  clientOther,
  se: A,
  seOther: A,
  admin: A,
});

export const pageRows: PageRow[] = [
  // admin area: adminDashboard.view, audit.view, billing.view, executions.view,
  // notifications.own, profile.own, companies.editProfile, clientUsers.manage and
  // workflows.manage reach every SE; an Acme record is out of priya's scope (404)
  { kind: "page", route: "/admin", path: at("/admin"), expect: staffPage(200, 200, 200) },
  // alerts.view: every SE lists the alerts in scope; an Acme alert is out of priya's scope (404)
  { kind: "page", route: "/admin/alerts", path: at("/admin/alerts"), expect: staffPage(200, 200, 200) },
  {
    kind: "page",
    route: "/admin/alerts/[id]",
    path: (f) => `/admin/alerts/${f.acme.alertId}`,
    expect: staffPage(200, 404, 200),
  },
  { kind: "page", route: "/admin/audit", path: at("/admin/audit"), expect: staffPage(200, 200, 200) },
  { kind: "page", route: "/admin/billing", path: at("/admin/billing"), expect: staffPage(200, 200, 200) },
  {
    kind: "page",
    route: "/admin/billing/invoices/[id]",
    path: (f) => `/admin/billing/invoices/${f.acme.invoiceId}`,
    expect: staffPage(200, 404, 200),
  },
  // billing.manage: admins only
  {
    kind: "page",
    route: "/admin/billing/plans/[id]",
    path: (f) => `/admin/billing/plans/${f.acme.plan.id}`,
    expect: staffPage(A, A, 200),
  },
  { kind: "page", route: "/admin/billing/plans/new", path: at("/admin/billing/plans/new"), expect: staffPage(A, A, 200) },
  { kind: "page", route: "/admin/companies", path: at("/admin/companies"), expect: staffPage(200, 200, 200) },
  {
    kind: "page",
    route: "/admin/companies/[id]",
    path: (f) => `/admin/companies/${f.acme.companyId}`,
    expect: staffPage(200, 404, 200),
  },
  // connections.manage: the admin, and the company's SE
  {
    kind: "page",
    route: "/admin/companies/[id]/connections/[connectionId]",
    path: (f) => `/admin/companies/${f.acme.companyId}/connections/${f.acme.connection.id}`,
    expect: staffPage(200, 404, 200),
  },
  // companies.manage: admins only
  { kind: "page", route: "/admin/companies/new", path: at("/admin/companies/new"), expect: staffPage(A, A, 200) },
  { kind: "page", route: "/admin/executions", path: at("/admin/executions"), expect: staffPage(200, 200, 200) },
  // executions.view: an Acme run is out of priya's scope (404)
  {
    kind: "page",
    route: "/admin/executions/[id]",
    path: (f) => `/admin/executions/${f.acme.runId}`,
    expect: staffPage(200, 404, 200),
  },
  // platformSettings.manage: admins only (the e2e server enables the development mailbox)
  { kind: "page", route: "/admin/mailbox", path: at("/admin/mailbox"), expect: staffPage(A, A, 200) },
  { kind: "page", route: "/admin/notifications", path: at("/admin/notifications"), expect: staffPage(200, 200, 200) },
  { kind: "page", route: "/admin/profile", path: at("/admin/profile"), expect: staffPage(200, 200, 200) },
  // platformSettings.manage: admins only
  { kind: "page", route: "/admin/settings", path: at("/admin/settings"), expect: staffPage(A, A, 200) },
  { kind: "page", route: "/admin/users", path: at("/admin/users"), expect: staffPage(200, 200, 200) },
  {
    kind: "page",
    route: "/admin/users/[id]",
    path: (f) => `/admin/users/${f.acme.clientUserId}`,
    expect: staffPage(200, 404, 200),
  },
  { kind: "page", route: "/admin/users/new", path: at("/admin/users/new"), expect: staffPage(200, 200, 200) },
  { kind: "page", route: "/admin/workflows", path: at("/admin/workflows"), expect: staffPage(200, 200, 200) },
  {
    kind: "page",
    route: "/admin/workflows/[id]",
    path: (f) => `/admin/workflows/${f.acme.workflow.id}`,
    expect: staffPage(200, 404, 200),
  },
  { kind: "page", route: "/admin/workflows/new", path: at("/admin/workflows/new"), expect: staffPage(200, 200, 200) },

  // public: the sign-in page sends a signed-in user home; the set-password page answers
  // anyone (the link is the permission), here with a bogus token
  {
    kind: "page",
    route: "/login",
    path: at("/login"),
    expect: { signedOut: 200, client: D, clientOther: D, se: A, seOther: A, admin: A },
  },
  {
    kind: "page",
    route: "/set-password/[token]",
    path: (f) => `/set-password/${f.bogusToken}`,
    expect: { signedOut: 200, client: 200, clientOther: 200, se: 200, seOther: 200, admin: 200 },
  },

  // client area: each client sees their own company; an Acme record is 404 for daniel
  { kind: "page", route: "/billing", path: at("/billing"), expect: clientPage(200, 200) },
  {
    kind: "page",
    route: "/billing/invoices/[id]",
    path: (f) => `/billing/invoices/${f.acme.invoiceId}`,
    expect: clientPage(200, 404),
  },
  { kind: "page", route: "/credentials", path: at("/credentials"), expect: clientPage(200, 200) },
  { kind: "page", route: "/dashboard", path: at("/dashboard"), expect: clientPage(200, 200) },
  { kind: "page", route: "/notifications", path: at("/notifications"), expect: clientPage(200, 200) },
  { kind: "page", route: "/reports", path: at("/reports"), expect: clientPage(200, 200) },
  { kind: "page", route: "/settings", path: at("/settings"), expect: clientPage(200, 200) },
  { kind: "page", route: "/workflows", path: at("/workflows"), expect: clientPage(200, 200) },
  {
    kind: "page",
    route: "/workflows/[id]",
    path: (f) => `/workflows/${f.acme.workflow.id}`,
    expect: clientPage(200, 404),
  },
  // executions.view on the run's company: Acme's run is 404 for daniel
  {
    kind: "page",
    route: "/workflows/[id]/runs/[runId]",
    path: (f) => `/workflows/${f.acme.workflow.id}/runs/${f.acme.runId}`,
    expect: clientPage(200, 404),
  },
];

// ------------------------------------------------------------------- route handlers

const everyone = <T>(outcome: T): Cells<T> => ({
  signedOut: outcome,
  client: outcome,
  clientOther: outcome,
  se: outcome,
  seOther: outcome,
  admin: outcome,
});

export const handlerRows: HandlerRow[] = [
  // The CSV export lives in the client area (middleware routes it); it reports the
  // viewer's own company, so an Acme workflow filter is refused for daniel.
  {
    kind: "handler",
    route: "/reports/export",
    method: "GET",
    request: (f) => ({ path: `/reports/export?kind=workflows&workflow=${f.acme.workflow.id}` }),
    expect: { signedOut: L, client: 200, clientOther: 400, se: A, seOther: A, admin: A },
  },
  // Auth.js: the session endpoint answers anyone; a sign-out without the CSRF token is
  // refused with a redirect to the error page, and the session survives it
  {
    kind: "handler",
    route: "/api/auth/[...nextauth]",
    method: "GET",
    request: () => ({ path: "/api/auth/session" }),
    expect: everyone(200),
  },
  {
    kind: "handler",
    route: "/api/auth/[...nextauth]",
    method: "POST",
    request: () => ({ path: "/api/auth/signout", form: { callbackUrl: "/login" } }),
    expect: everyone(302),
  },
  // the scheduler's tick answers only its Bearer secret: a session is no secret, whoever holds it
  { kind: "handler", route: "/api/cron/tick", method: "GET", request: () => ({ path: "/api/cron/tick" }), expect: everyone(401) },
  { kind: "handler", route: "/api/cron/tick", method: "POST", request: () => ({ path: "/api/cron/tick" }), expect: everyone(401) },
  // public by design, for load balancers
  { kind: "handler", route: "/api/health", method: "GET", request: () => ({ path: "/api/health" }), expect: everyone(200) },
  {
    kind: "handler",
    route: "/api/notifications/unread",
    method: "GET",
    request: () => ({ path: "/api/notifications/unread" }),
    expect: { signedOut: 401, client: 200, clientOther: 200, se: 200, seOther: 200, admin: 200 },
  },
  // Acme's realtime channel: whoever may view its runs (executions.view on Acme)
  {
    kind: "handler",
    route: "/api/realtime/auth",
    method: "POST",
    request: (f) => ({
      path: "/api/realtime/auth",
      form: { socket_id: "1234.5678", channel_name: `private-company-${f.acme.companyId}` },
    }),
    expect: { signedOut: 403, client: 200, clientOther: 403, se: 200, seOther: 403, admin: 200 },
  },
  {
    kind: "handler",
    route: "/api/realtime/user-auth",
    method: "POST",
    request: () => ({ path: "/api/realtime/user-auth", form: { socket_id: "1234.5678" } }),
    expect: { signedOut: 403, client: 200, clientOther: 200, se: 200, seOther: 200, admin: 200 },
  },
  // engines authenticate with an ingestion key: a session is no key, whoever holds it
  {
    kind: "handler",
    route: "/api/v1/executions",
    method: "POST",
    request: (f) => ({
      path: "/api/v1/executions",
      json: {
        workflowId: f.acme.workflow.id,
        externalId: `route-matrix-${f.stamp}`,
        status: "succeeded",
        startedAt: "2026-01-01T10:00:00Z",
        finishedAt: "2026-01-01T10:01:00Z",
      },
    }),
    expect: everyone(401),
  },
];

// ------------------------------------------------------------------- server actions

const USERS = "app/(admin)/admin/users/actions.ts";
const COMPANIES = "app/(admin)/admin/companies/actions.ts";
const KEYS = "app/(admin)/admin/companies/[id]/ingestion-keys/actions.ts";
const LIMITS = "app/(admin)/admin/companies/[id]/ingestion-limits/actions.ts";
const REVEAL = "app/(admin)/admin/companies/[id]/credentials/actions.ts";
const CONNECTIONS = "app/(admin)/admin/companies/[id]/connections/actions.ts";
const WORKFLOWS = "app/(admin)/admin/workflows/actions.ts";
const EXPECTATION = "app/(admin)/admin/workflows/[id]/expectation/actions.ts";
const ALERTS = "app/(admin)/admin/alerts/actions.ts";
const BILLING = "app/(admin)/admin/billing/actions.ts";
const PROFILE = "app/(admin)/admin/profile/actions.ts";
const SETTINGS = "app/(admin)/admin/settings/actions.ts";
const CREDENTIALS = "app/(client)/credentials/actions.ts";
const NOTIFICATIONS = "app/(client)/notifications/actions.ts";
const CLIENT_SETTINGS = "app/(client)/settings/actions.ts";

/** An admin-area action: middleware answers the signed-out and the clients first. */
const staffAction = (se: ActionOutcome, seOther: ActionOutcome, admin: ActionOutcome): Cells<ActionOutcome> => ({
  signedOut: L,
  client: D,
  clientOther: D,
  se,
  seOther,
  admin,
});
/** A client-area action: middleware answers the signed-out and the staff first. */
const clientAction = (client: ActionOutcome, clientOther: ActionOutcome): Cells<ActionOutcome> => ({
  signedOut: L,
  client,
  clientOther,
  se: A,
  seOther: A,
  admin: A,
});

const companyPage = (f: Fixtures) => `/admin/companies/${f.acme.companyId}`;
const alertPage = (f: Fixtures) => `/admin/alerts/${f.acme.alertId}`;
const workflowPage = (f: Fixtures) => `/admin/workflows/${f.acme.workflow.id}`;
const connectionPage = (f: Fixtures) => `/admin/companies/${f.acme.companyId}/connections/${f.acme.connection.id}`;
/** The actors the connection commands let through on Acme (connections.manage). */
const managesAcmeConnections = (actor: Actor) => actor === "se" || actor === "admin";
const created = (f: Fixtures, actor: Actor, what: string) => `Route matrix ${what} ${actor} ${f.stamp}`;
/** A current password that is not the actor's: the change is refused after authorization (the demo accounts keep theirs). */
const WRONG_PASSWORD = { currentPassword: "not-the-current-one", newPassword: "violet lantern harbour 42", confirmPassword: "violet lantern harbour 42" };

export const actionRows: ActionRow[] = [
  // ---- users: clientUsers.manage, then the target's company must be in reach
  {
    kind: "action",
    file: USERS,
    name: "createUserAction",
    page: at("/admin/users/new"),
    form: ({ f, actor }) => ({
      name: created(f, actor, "user"),
      email: `route-matrix-${actor.toLowerCase()}-${f.stamp}@acme.example.com`,
      role: "client",
      companyId: f.acme.companyId,
      origin: f.origin,
    }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: USERS,
    name: "updateUserAction",
    page: at("/admin/users/new"),
    // the user as they are: saving changes nothing
    form: ({ f }) => ({
      userId: f.acme.otherUser.id,
      name: f.acme.otherUser.name,
      email: f.acme.otherUser.email,
      role: "client",
      companyId: f.acme.companyId,
    }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: USERS,
    name: "deactivateUserAction",
    page: at("/admin/users/new"),
    scratch: "activeClientUser",
    form: ({ f, own }) => ({ userId: own ?? f.acme.otherUser.id }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: USERS,
    name: "reactivateUserAction",
    page: at("/admin/users/new"),
    scratch: "inactiveClientUser",
    form: ({ f, own }) => ({ userId: own ?? f.acme.inactiveUserId }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: USERS,
    name: "resetUserPasswordAction",
    page: at("/admin/users/new"),
    scratch: "activeClientUser",
    form: ({ f, own }) => ({ userId: own ?? f.acme.otherUser.id, origin: f.origin }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: USERS,
    name: "eraseUserAction",
    page: at("/admin/users/new"),
    // admins only, and only a deactivated user
    scratch: "inactiveClientUser",
    form: ({ f, own }) => ({ userId: own ?? f.acme.inactiveUserId }),
    expect: staffAction(403, 403, "ok"),
  },

  // ---- companies: the profile is the admin's or the company's SE's; the rest admin-only
  {
    kind: "action",
    file: COMPANIES,
    name: "createCompanyAction",
    page: at("/admin/companies/new"),
    form: ({ f, actor }) => ({
      name: created(f, actor, "company"),
      industry: "Testing",
      hourlyRate: "",
      status: "onboarding",
      planId: "",
      assignedSeId: "",
    }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: COMPANIES,
    name: "updateCompanyProfileAction",
    page: companyPage,
    // the profile as it is: saving changes nothing
    form: ({ f }) => ({ id: f.acme.companyId, ...f.acme.company }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: COMPANIES,
    name: "assignCompanySeAction",
    page: companyPage,
    form: ({ f }) => ({ id: f.acme.companyId, assignedSeId: f.acme.company.assignedSeId }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: COMPANIES,
    name: "changeCompanyPlanAction",
    page: companyPage,
    form: ({ f }) => ({ id: f.acme.companyId, planId: f.acme.planChoice }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: COMPANIES,
    name: "archiveCompanyAction",
    page: companyPage,
    scratch: "activeCompany",
    form: ({ f, own }) => ({ id: own ?? f.acme.companyId }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: COMPANIES,
    name: "restoreCompanyAction",
    page: companyPage,
    scratch: "archivedCompany",
    form: ({ f, own }) => ({ id: own ?? f.acme.companyId }),
    expect: staffAction(403, 403, "ok"),
  },

  // ---- ingestion keys and the credential reveal: the admin's, or the company's SE's
  {
    kind: "action",
    file: KEYS,
    name: "createIngestionKeyAction",
    page: companyPage,
    form: ({ f, actor }) => ({ companyId: f.acme.companyId, name: created(f, actor, "key") }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: KEYS,
    name: "revokeIngestionKeyAction",
    page: companyPage,
    scratch: "ingestionKey",
    form: ({ f, own }) => ({ keyId: own ?? f.acme.ingestionKeyId }),
    expect: staffAction("ok", 403, "ok"),
  },
  // a company's ingestion rate limits: admin-only (issue 20); blank fields are the
  // defaults Acme has, so saving them changes nothing
  {
    kind: "action",
    file: LIMITS,
    name: "setIngestionLimitsAction",
    page: companyPage,
    form: ({ f }) => ({ companyId: f.acme.companyId, keyRatePerMinute: "", keyBurst: "", companyRatePerMinute: "", companyBurst: "" }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: REVEAL,
    name: "revealCredentialAction",
    page: companyPage,
    // a real secret (the server's key encrypted it): a reveal is audited, not destructive
    form: ({ f }) => ({ credentialId: f.acme.credential.id }),
    expect: staffAction("ok", 403, "ok"),
  },

  // ---- n8n connections: connections.manage, the admin's or the company's SE's
  {
    kind: "action",
    file: CONNECTIONS,
    name: "createConnectionAction",
    page: companyPage,
    // saving does not ask n8n; afterAll deletes what the allowed actors made
    form: ({ f, actor }) => ({
      companyId: f.acme.companyId,
      name: created(f, actor, "connection"),
      baseUrl: f.acme.connection.baseUrl,
      apiKey: "n8n_api_route_matrix_0000000000",
    }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "testConnectionAction",
    page: connectionPage,
    // the stored URL and key: n8n is not there, which the action reports as its answer (ok)
    form: ({ f }) => ({ connectionId: f.acme.connection.id }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "updateConnectionAction",
    page: connectionPage,
    // the connection as it is, no new key: saving changes nothing
    form: ({ f }) => ({ connectionId: f.acme.connection.id, name: f.acme.connection.name, baseUrl: f.acme.connection.baseUrl, apiKey: "" }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "setConnectionStatusAction",
    page: connectionPage,
    // the allowed actors pause the paused connection (nothing changes); the others try to resume it
    form: ({ f, actor }) => ({ connectionId: f.acme.connection.id, status: managesAcmeConnections(actor) ? "paused" : "active" }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "syncConnectionNowAction",
    page: connectionPage,
    // the connection is paused: the allowed actors are told to resume it first, after authorization
    form: ({ f }) => ({ connectionId: f.acme.connection.id }),
    expect: staffAction(409, 403, 409),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "deleteConnectionAction",
    page: connectionPage,
    scratch: "connection",
    form: ({ f, own }) => ({ connectionId: own ?? f.acme.connection.id }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: CONNECTIONS,
    name: "mapWorkflowAction",
    page: connectionPage,
    // an n8n workflow that is not tracked stays untracked: nothing changes
    form: ({ f }) => ({
      connectionId: f.acme.connection.id,
      externalWorkflowId: "route-matrix-untracked",
      externalName: "Route matrix",
      target: "untracked",
      minutesSavedPerRun: "",
    }),
    expect: staffAction("ok", 403, "ok"),
  },

  // ---- workflows: workflows.manage, the admin's or the company's SE's
  {
    kind: "action",
    file: WORKFLOWS,
    name: "createWorkflowAction",
    page: at("/admin/workflows/new"),
    form: ({ f, actor }) => ({
      companyId: f.acme.companyId,
      name: created(f, actor, "workflow"),
      description: "",
      platform: "n8n",
      trigger: "schedule",
      minutesSavedPerRun: "",
    }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: WORKFLOWS,
    name: "updateWorkflowSettingsAction",
    page: at("/admin/workflows/new"),
    // the settings as they are: saving changes nothing
    form: ({ f }) => ({ ...f.acme.workflow }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: WORKFLOWS,
    name: "pauseWorkflowAction",
    page: at("/admin/workflows/new"),
    scratch: "activeWorkflow",
    form: ({ f, own }) => ({ id: own ?? f.acme.workflow.id }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: WORKFLOWS,
    name: "resumeWorkflowAction",
    page: at("/admin/workflows/new"),
    scratch: "pausedWorkflow",
    form: ({ f, own }) => ({ id: own ?? f.acme.workflow.id }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: WORKFLOWS,
    name: "archiveWorkflowAction",
    page: at("/admin/workflows/new"),
    scratch: "activeWorkflow",
    form: ({ f, own }) => ({ id: own ?? f.acme.workflow.id }),
    expect: staffAction("ok", 403, "ok"),
  },

  // ---- workflow expectations: expectations.manage, the admin's or the company's SE's
  {
    kind: "action",
    file: EXPECTATION,
    name: "saveExpectationAction",
    page: workflowPage,
    scratch: "activeWorkflow",
    // no cadence, no failure rule: the allowed actors' throwaway workflows never alert
    form: ({ f, own }) => ({
      workflowId: own ?? f.acme.workflow.id,
      cadence: "none",
      intervalValue: "",
      intervalUnit: "hours",
      cronExpression: "",
      timeZone: "",
      graceMinutes: "15",
      failureStreak: "",
      failureRatePercent: "",
      failureRateWindow: "20",
      failureRateMinRuns: "5",
    }),
    expect: staffAction("ok", 403, "ok"),
  },

  // ---- alerts: alerts.manage, the admin's or the company's SE's
  {
    kind: "action",
    file: ALERTS,
    name: "acknowledgeAlertAction",
    page: alertPage,
    scratch: "alert",
    form: ({ f, own }) => ({ alertId: own ?? f.acme.alertId, note: "Route matrix check" }),
    expect: staffAction("ok", 403, "ok"),
  },
  {
    kind: "action",
    file: ALERTS,
    name: "snoozeAlertAction",
    page: alertPage,
    scratch: "alert",
    form: ({ f, own }) => ({ alertId: own ?? f.acme.alertId, minutes: "60" }),
    expect: staffAction("ok", 403, "ok"),
  },

  // ---- billing: billing.manage, admins only
  {
    kind: "action",
    file: BILLING,
    name: "createPlanAction",
    page: at("/admin/billing"),
    form: ({ f, actor }) => ({ name: created(f, actor, "plan"), basePrice: "10.00", includedRuns: "100", overagePrice: "0.05" }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: BILLING,
    name: "updatePlanAction",
    page: at("/admin/billing"),
    // the plan as it is: saving changes nothing
    form: ({ f }) => ({ ...f.acme.plan }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: BILLING,
    name: "setPlanActiveAction",
    page: at("/admin/billing"),
    scratch: "inactivePlan",
    // the allowed actor reactivates a retired throwaway plan; the others try to retire Acme's
    form: ({ f, own }) => (own ? { id: own, active: "true" } : { id: f.acme.plan.id, active: "false" }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: BILLING,
    name: "issueInvoicesAction",
    page: at("/admin/billing"),
    // a month already invoiced: issuing it again adds nothing
    form: ({ f }) => ({ month: f.invoicedMonth }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: BILLING,
    name: "recordPaymentAction",
    page: at("/admin/billing"),
    scratch: "openInvoice",
    form: ({ f, own }) => ({ id: own ?? f.acme.invoiceId, method: "bank_transfer", reference: "ROUTE-MATRIX" }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: BILLING,
    name: "voidInvoiceAction",
    page: at("/admin/billing"),
    scratch: "openInvoice",
    form: ({ f, own }) => ({ id: own ?? f.acme.invoiceId, reason: "Route matrix check" }),
    expect: staffAction(403, 403, "ok"),
  },

  // ---- platform settings: admins only (the settings as they are: saving changes nothing)
  {
    kind: "action",
    file: SETTINGS,
    name: "updatePlatformSettingsAction",
    page: at("/admin/settings"),
    form: ({ f }) => ({ ...f.settings }),
    expect: staffAction(403, 403, "ok"),
  },
  {
    kind: "action",
    file: SETTINGS,
    name: "updateNotificationSettingsAction",
    page: at("/admin/settings"),
    // the defaults as they are: saving changes nothing
    form: () => ({ groupMinutes: "60", retentionDays: "180" }),
    expect: staffAction(403, 403, "ok"),
  },

  // ---- own profile (profile.own, every role, in its own area)
  {
    kind: "action",
    file: PROFILE,
    name: "updateOwnProfileAction",
    page: at("/admin/profile"),
    form: ({ f, actor }) => ({ name: actor === "signedOut" ? "Nobody" : f.names[actor] }),
    expect: staffAction("ok", "ok", "ok"),
  },
  {
    kind: "action",
    file: PROFILE,
    name: "changeOwnPasswordAction",
    page: at("/admin/profile"),
    form: () => WRONG_PASSWORD,
    expect: staffAction(400, 400, 400),
  },
  {
    kind: "action",
    file: PROFILE,
    name: "signOutOtherSessionsAction",
    page: at("/admin/profile"),
    form: () => ({}),
    expect: staffAction("ok", "ok", "ok"),
  },
  {
    kind: "action",
    file: PROFILE,
    name: "updateOwnNotificationPreferencesAction",
    page: at("/admin/profile"),
    // everything in-app, as the demo accounts have it: saving changes nothing
    form: () => ({ alerts: "on" }),
    expect: staffAction("ok", "ok", "ok"),
  },
  {
    kind: "action",
    file: CLIENT_SETTINGS,
    name: "updateOwnProfileAction",
    page: at("/settings"),
    form: ({ f, actor }) => ({ name: actor === "signedOut" ? "Nobody" : f.names[actor] }),
    expect: clientAction("ok", "ok"),
  },
  {
    kind: "action",
    file: CLIENT_SETTINGS,
    name: "changeOwnPasswordAction",
    page: at("/settings"),
    form: () => WRONG_PASSWORD,
    expect: clientAction(400, 400),
  },
  {
    kind: "action",
    file: CLIENT_SETTINGS,
    name: "signOutOtherSessionsAction",
    page: at("/settings"),
    form: () => ({}),
    expect: clientAction("ok", "ok"),
  },
  {
    kind: "action",
    file: CLIENT_SETTINGS,
    name: "updateOwnNotificationPreferencesAction",
    page: at("/settings"),
    form: () => ({ run_failures: "on", workflow_changes: "on", credentials: "on", billing: "on", alerts: "on" }),
    expect: clientAction("ok", "ok"),
  },

  // ---- credentials: credentials.write, clients on their own company only
  {
    kind: "action",
    file: CREDENTIALS,
    name: "createCredentialAction",
    page: at("/credentials"),
    // a client adds to their own company: daniel's lands in Copperleaf
    form: ({ f, actor }) => ({ name: created(f, actor, "credential"), service: "Route matrix", secret: "sk_test_route_matrix_0000" }),
    expect: clientAction("ok", "ok"),
  },
  {
    kind: "action",
    file: CREDENTIALS,
    name: "updateCredentialAction",
    page: at("/credentials"),
    // the name and service as they are, no new secret: saving changes nothing
    form: ({ f }) => ({ credentialId: f.acme.credential.id, name: f.acme.credential.name, service: f.acme.credential.service, secret: "" }),
    expect: clientAction("ok", 403),
  },
  {
    kind: "action",
    file: CREDENTIALS,
    name: "deleteCredentialAction",
    page: at("/credentials"),
    scratch: "credential",
    form: ({ f, own }) => ({ credentialId: own ?? f.acme.credential.id }),
    expect: clientAction("ok", 403),
  },

  // ---- notifications (notifications.own: a user marks only their own; others' ids are ignored)
  {
    kind: "action",
    file: NOTIFICATIONS,
    name: "markNotificationsReadAction",
    page: at("/admin/notifications"),
    clientPage: at("/notifications"),
    form: ({ f }) => ({ target: f.acme.notificationId }),
    expect: { signedOut: L, client: "ok", clientOther: "ok", se: "ok", seOther: "ok", admin: "ok" },
  },

  // ---- public: sign-in (here with no password: refused before any attempt is counted),
  // the set-password link (here a bogus one), sign-out (only ever the caller's own session)
  {
    kind: "action",
    file: "app/(auth)/login/actions.ts",
    name: "signInAction",
    page: at("/login"),
    form: () => ({ email: "nobody@route-matrix.example.com", password: "", next: "" }),
    expect: everyone(400),
  },
  {
    kind: "action",
    file: "app/(auth)/set-password/[token]/actions.ts",
    name: "setPasswordAction",
    page: (f) => `/set-password/${f.bogusToken}`,
    form: ({ f }) => ({ token: f.bogusToken, password: "violet lantern harbour 42", confirmPassword: "violet lantern harbour 42" }),
    expect: everyone(400),
  },
  {
    kind: "action",
    file: "app/(auth)/sign-out/actions.ts",
    name: "signOutAction",
    page: at("/admin/profile"),
    clientPage: at("/settings"),
    form: () => ({}),
    expect: everyone(L),
    endsSession: true,
  },
];

export const matrix: MatrixRow[] = [...pageRows, ...handlerRows, ...actionRows];

/** A row's name in messages: the route and method, or the action file and export. */
export function rowName(row: MatrixRow): string {
  if (row.kind === "page") return `page ${row.route}`;
  if (row.kind === "handler") return `${row.method} ${row.route}`;
  return `action ${row.file}#${row.name}`;
}
