// Every table of PRODUCT.md §3. Money is integer cents, times are timestamptz (UTC),
// ids are UUIDs. Column names are snake_case in the database (drizzle `casing`).
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

// ---------------------------------------------------------------- enums

export const roles = ["admin", "se", "client"] as const;
export const roleEnum = pgEnum("role", roles);
export type Role = (typeof roles)[number];

export const companyStatuses = ["active", "onboarding", "paused", "archived"] as const;
export const companyStatusEnum = pgEnum("company_status", companyStatuses);

export const workflowPlatforms = ["n8n", "make", "zapier", "custom"] as const;
export const workflowPlatformEnum = pgEnum("workflow_platform", workflowPlatforms);

export const workflowTriggers = ["schedule", "webhook", "event", "manual"] as const;
export const workflowTriggerEnum = pgEnum("workflow_trigger", workflowTriggers);

export const workflowStatuses = ["active", "paused", "archived"] as const;
export const workflowStatusEnum = pgEnum("workflow_status", workflowStatuses);

export const executionStatuses = ["running", "succeeded", "failed", "cancelled"] as const;
export const executionStatusEnum = pgEnum("execution_status", executionStatuses);
export type ExecutionStatus = (typeof executionStatuses)[number];

export const alertEmailPreferences = ["in_app", "email", "digest"] as const;
export const alertEmailPreferenceEnum = pgEnum("alert_email_preference", alertEmailPreferences);
export type AlertEmailPreference = (typeof alertEmailPreferences)[number];

export const invoiceStatuses = ["draft", "open", "paid", "void"] as const;
export const invoiceStatusEnum = pgEnum("invoice_status", invoiceStatuses);

export const notificationTypes = [
  "run_failed",
  "workflow_paused",
  "workflow_resumed",
  "credential_revealed",
  "invoice_issued",
  "invoice_overdue",
  "account_changed",
  "connection_failing",
  "alert_opened",
  "alert_escalated",
  "alert_resolved",
  "ingestion_throttled",
] as const;
export const notificationTypeEnum = pgEnum("notification_type", notificationTypes);

// What a user can turn off in-app, per kind (lib/notification-kinds.ts maps types to kinds;
// account changes and staff connection notices are not optional).
export const notificationKinds = ["run_failures", "workflow_changes", "credentials", "billing", "alerts"] as const;
export const notificationKindEnum = pgEnum("notification_kind", notificationKinds);
export type NotificationKind = (typeof notificationKinds)[number];

// ---------------------------------------------------------------- billing plans

export const plans = pgTable("plans", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  basePriceCents: integer().notNull(),
  includedRuns: integer().notNull(),
  overagePriceCents: integer().notNull(),
  currency: text().notNull().default("USD"),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

// ---------------------------------------------------------------- companies

export const companies = pgTable(
  "companies",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    industry: text().notNull(),
    // null: the platform default hourly rate applies
    hourlyRateCents: integer(),
    status: companyStatusEnum().notNull().default("active"),
    assignedSeId: uuid().references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.assignedSeId), index().on(t.name)],
);

// A company's plan as a dated history: each row applies from its month (the first day, UTC)
// until the next row's; the earliest row also covers any month before it. A change made
// during a month starts with the next one. See lib/billing.ts planIdInForce.
export const companyPlans = pgTable(
  "company_plans",
  {
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    fromMonth: date({ mode: "string" }).notNull(),
    planId: uuid()
      .notNull()
      .references(() => plans.id),
    setAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    setById: uuid().references((): AnyPgColumn => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.fromMonth] }), index().on(t.planId)],
);

// ---------------------------------------------------------------- Auth.js tables, extended

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text(),
    email: text().notNull().unique(),
    emailVerified: timestamp({ withTimezone: true, mode: "date" }),
    image: text(),
    role: roleEnum().notNull().default("client"),
    // clients belong to one company; staff have none
    companyId: uuid().references((): AnyPgColumn => companies.id),
    active: boolean().notNull().default(true),
    passwordHash: text(),
    // how alerts reach this user beside the in-app notification
    alertEmail: alertEmailPreferenceEnum().notNull().default("email"),
    // "mark all read": every notification up to this moment is read for this user
    notificationsReadThrough: timestamp({ withTimezone: true }),
    // kinds this user does not want in-app (default: none, everything as before)
    notificationsMuted: notificationKindEnum().array().notNull().default(sql`'{}'`),
    // kinds of company notification also emailed at once / in the daily digest (default: none;
    // alerts follow alertEmail instead), and since when the immediate choice holds
    notificationsEmailNow: notificationKindEnum().array().notNull().default(sql`'{}'`),
    notificationsEmailDigest: notificationKindEnum().array().notNull().default(sql`'{}'`),
    notificationsEmailSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // where this user's last digest ended: the next one lists what happened after it
    notificationsDigestThrough: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp({ withTimezone: true }),
    // a privacy erasure: the row stays so history keeps pointing at "erased user #N"
    erasedAt: timestamp({ withTimezone: true }),
    erasureNumber: integer().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index().on(t.companyId),
    index().on(t.role, t.active),
    check("client_has_company", sql`${t.role} <> 'client' OR ${t.companyId} IS NOT NULL`),
    check(
      "users_notification_email_kinds",
      sql`NOT ('alerts' = ANY (${t.notificationsEmailNow})) AND NOT ('alerts' = ANY (${t.notificationsEmailDigest})) AND NOT (${t.notificationsEmailNow} && ${t.notificationsEmailDigest})`,
    ),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

// One row per signed-in browser. The JWT carries its sessionToken, and every request
// checks the row (and its user) so sign-out, deactivation, a password reset or a role
// change ends the session on its next request.
export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // idle expiry, pushed forward while the session is used
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    // absolute expiry, never extended
    absoluteExpires: timestamp({ withTimezone: true }).notNull().default(sql`now() + interval '7 days'`),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

// Invitation and password-reset links; the token is stored only as a hash.
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---------------------------------------------------------------- workflows and runs

export const workflows = pgTable(
  "workflows",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    name: text().notNull(),
    description: text().notNull().default(""),
    platform: workflowPlatformEnum().notNull().default("custom"),
    trigger: workflowTriggerEnum().notNull().default("schedule"),
    // null: the platform default applies
    minutesSavedPerRun: integer(),
    status: workflowStatusEnum().notNull().default("active"),
    lastRunAt: timestamp({ withTimezone: true }),
    lastRunStatus: executionStatusEnum(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.companyId, t.status)],
);

export const workflowExecutions = pgTable(
  "workflow_executions",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id),
    // the engine's own run id; delivery is at-least-once, so (workflow, externalId) is unique
    externalId: text().notNull(),
    status: executionStatusEnum().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }),
    durationMs: integer(),
    // the workflow's minutes saved per run in force when the run finished
    minutesSaved: integer(),
    errorMessage: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex().on(t.workflowId, t.externalId),
    index().on(t.companyId, t.startedAt.desc(), t.id.desc()),
    index().on(t.workflowId, t.startedAt.desc(), t.id.desc()),
    index().on(t.startedAt.desc(), t.id.desc()),
    index("workflow_executions_running_idx").on(t.companyId).where(sql`${t.status} = 'running'`),
    // the run log's search by the engine's run id, across workflows and companies
    index().on(t.externalId),
  ],
);

// A run's status history as Nexus saw it (issue 17): one row when the run is first
// recorded and one for each later report that changed its outcome; a duplicate or stale
// report adds none. Written set-based, one INSERT per recorded batch (lib/record-runs.ts).
// `seenAt` is the database's clock when the row was written (clock_timestamp(), not the
// transaction's start: concurrent reports of one run serialise on its row lock, so their
// events keep the order the changes were made in); `ordinal` orders one batch's events.
// `status` is null only for runs recorded before this table (drizzle/0011): first reported
// then, in a status that was not kept.
export const runStatusEvents = pgTable(
  "run_status_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    runId: uuid()
      .notNull()
      .references(() => workflowExecutions.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    status: executionStatusEnum(),
    // as reported with this status
    finishedAt: timestamp({ withTimezone: true }),
    errorMessage: text(),
    seenAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    ordinal: integer().notNull().default(0),
  },
  (t) => [index().on(t.runId, t.seenAt, t.ordinal)],
);

// Daily rollup per workflow (UTC day of the run's start), kept in step with every run
// write so dashboards never scan raw runs.
export const executionDailyStats = pgTable(
  "execution_daily_stats",
  {
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id),
    day: date({ mode: "string" }).notNull(),
    runs: integer().notNull().default(0),
    running: integer().notNull().default(0),
    succeeded: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    cancelled: integer().notNull().default(0),
    totalDurationMs: bigint({ mode: "number" }).notNull().default(0),
    // Σ minutes saved of succeeded runs
    minutesSaved: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.day] }), index().on(t.companyId, t.day), index().on(t.day)],
);

// Hourly counts per workflow, for the rolling "last 24 hours" figures; only the last
// HOURLY_RETENTION_HOURS are kept (db/queries/rollups.ts), pruned hourly by a scheduled task.
export const executionHourlyStats = pgTable(
  "execution_hourly_stats",
  {
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id),
    // the UTC hour the runs started in
    hour: timestamp({ withTimezone: true }).notNull(),
    runs: integer().notNull().default(0),
    succeeded: integer().notNull().default(0),
    failed: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.hour] }), index().on(t.companyId, t.hour), index().on(t.hour)],
);

// ---------------------------------------------------------------- expectations and alerts

export const cadenceKinds = ["interval", "cron"] as const;
export const cadenceKindEnum = pgEnum("cadence_kind", cadenceKinds);
export type CadenceKind = (typeof cadenceKinds)[number];

// What staff expect of a workflow (PRODUCT.md §5 Alerts): a cadence (a run at least every N
// minutes, or on a cron schedule in a time zone) with a grace period, and a failure rule
// (K failures in a row, and/or a failure rate over the last N finished runs). No row, or a
// row with neither, means the workflow never alerts.
export const workflowExpectations = pgTable(
  "workflow_expectations",
  {
    workflowId: uuid()
      .primaryKey()
      .references(() => workflows.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    // null: no cadence expectation
    cadenceKind: cadenceKindEnum(),
    intervalMinutes: integer(),
    cronExpression: text(),
    timeZone: text(),
    graceMinutes: integer().notNull().default(15),
    // null: the rule is off
    failureStreak: integer(),
    failureRatePercent: integer(),
    failureRateWindow: integer().notNull().default(20),
    failureRateMinRuns: integer().notNull().default(5),
    // lateness counts from here, never from before the expectation existed
    since: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
    updatedById: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index().on(t.companyId)],
);

export const alertConditions = ["late", "failing"] as const;
export const alertConditionEnum = pgEnum("alert_condition", alertConditions);
export type AlertCondition = (typeof alertConditions)[number];

export const alertStates = ["open", "acknowledged", "resolved"] as const;
export const alertStateEnum = pgEnum("alert_state", alertStates);
export type AlertState = (typeof alertStates)[number];

// One alert per workflow and condition while it is not resolved (the partial unique index),
// however many workers evaluate at once.
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    condition: alertConditionEnum().notNull(),
    state: alertStateEnum().notNull().default("open"),
    // what tripped, in words staff and clients read
    summary: text().notNull(),
    openedAt: timestamp({ withTimezone: true }).notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: uuid().references(() => users.id, { onDelete: "set null" }),
    acknowledgeNote: text(),
    snoozedUntil: timestamp({ withTimezone: true }),
    // when the company's clients were told (an alert left unacknowledged too long)
    clientsNotifiedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("alerts_one_active_idx").on(t.workflowId, t.condition).where(sql`${t.state} <> 'resolved'`),
    index().on(t.companyId, t.openedAt.desc(), t.id.desc()),
    index().on(t.openedAt.desc(), t.id.desc()),
    index().on(t.workflowId, t.openedAt.desc()),
    index("alerts_active_idx").on(t.state).where(sql`${t.state} <> 'resolved'`),
  ],
);

export const alertEventKinds = ["opened", "reopened", "acknowledged", "snoozed", "clients_notified", "resolved"] as const;
export const alertEventKindEnum = pgEnum("alert_event_kind", alertEventKinds);
export type AlertEventKind = (typeof alertEventKinds)[number];

// Each alert's timeline.
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    alertId: uuid()
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    at: timestamp({ withTimezone: true }).notNull(),
    kind: alertEventKindEnum().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    note: text(),
  },
  (t) => [index().on(t.alertId, t.at)],
);

// Mail kept instead of sent when no SMTP server is configured (local development): the
// admin reads it at /admin/mailbox, so the email flows can be tried without any setup.
export const devMailbox = pgTable(
  "dev_mailbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.createdAt.desc())],
);

// ---------------------------------------------------------------- ingestion keys

export const ingestionKeys = pgTable(
  "ingestion_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    name: text().notNull(),
    // the visible start of the key, to tell keys apart
    prefix: text().notNull(),
    // SHA-256 of the whole key; the key itself is shown once and never stored
    keyHash: text().notNull().unique(),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedById: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index().on(t.companyId)],
);

// ---------------------------------------------------------------- ingestion rate limits

// A company's ingestion limits, set by an admin (lib/ingestion-limits.ts has the
// defaults a null means). Token buckets: a sustained rate a minute and a burst, in reports.
export const ingestionLimits = pgTable("ingestion_limits", {
  companyId: uuid()
    .primaryKey()
    .references(() => companies.id),
  // each of the company's keys
  keyRatePerMinute: integer(),
  keyBurst: integer(),
  // all its keys together
  companyRatePerMinute: integer(),
  companyBurst: integer(),
  updatedAt: updatedAt(),
  updatedById: uuid().references(() => users.id, { onDelete: "set null" }),
});

export const ingestionLimitScopes = ["key", "company"] as const;
export const ingestionLimitScopeEnum = pgEnum("ingestion_limit_scope", ingestionLimitScopes);
export type IngestionLimitScope = (typeof ingestionLimitScopes)[number];

// The buckets' state, shared by every app instance: one row per key and per company,
// taken from with one locking statement per request (db/queries/ingestion-limits.ts).
// The owner's only, like the key lookup: no company is known before the key is.
export const ingestionBuckets = pgTable(
  "ingestion_buckets",
  {
    scope: ingestionLimitScopeEnum().notNull(),
    // the key's id or the company's id
    subjectId: uuid().notNull(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    tokens: doublePrecision().notNull(),
    // when `tokens` was last brought up to date (the database's clock)
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    // a key's refusals were last told to staff (at most once a day)
    refusalsNotifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.subjectId] })],
);

// Each key's traffic a minute, as the limiter decided it: what staff see on the company page.
export const ingestionTraffic = pgTable(
  "ingestion_traffic",
  {
    keyId: uuid()
      .notNull()
      .references(() => ingestionKeys.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    minute: timestamp({ withTimezone: true }).notNull(),
    admittedRequests: integer().notNull().default(0),
    admittedReports: integer().notNull().default(0),
    refusedRequests: integer().notNull().default(0),
    refusedReports: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.minute] }), index().on(t.companyId, t.minute)],
);

// ---------------------------------------------------------------- engine connections (n8n)

export const engineKinds = ["n8n"] as const;
export const engineKindEnum = pgEnum("engine_kind", engineKinds);

export const connectionStatuses = ["active", "paused"] as const;
export const connectionStatusEnum = pgEnum("connection_status", connectionStatuses);
export type ConnectionStatus = (typeof connectionStatuses)[number];

// An engine Nexus pulls runs from (PRODUCT.md §5). The API key is sealed like a vault
// credential (lib/crypto.ts, AAD = company id + connection id); the sync state lives here
// too: one row is one sync loop, claimed through the lease so one worker syncs it at a time.
export const engineConnections = pgTable(
  "engine_connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    engine: engineKindEnum().notNull().default("n8n"),
    name: text().notNull(),
    baseUrl: text().notNull(),
    apiKeyCiphertext: bytea().notNull(),
    apiKeyNonce: bytea().notNull(),
    apiKeyAuthTag: bytea().notNull(),
    keyVersion: integer().notNull(),
    // the last characters of the API key, to tell keys apart
    apiKeyHint: text().notNull(),
    status: connectionStatusEnum().notNull().default("active"),
    // the newest n8n execution id the incremental sync has read past (ids are increasing integers)
    executionWatermark: bigint({ mode: "number" }),
    nextSyncAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseId: uuid(),
    leaseUntil: timestamp({ withTimezone: true }),
    lastSyncAt: timestamp({ withTimezone: true }),
    runsImported: bigint({ mode: "number" }).notNull().default(0),
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    consecutiveFailures: integer().notNull().default(0),
    // set when staff were told the connection is failing; cleared when it recovers
    failureNotifiedAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.companyId), index().on(t.status, t.nextSyncAt), index().on(t.keyVersion)],
);

// Which n8n workflow feeds which Nexus workflow. An n8n workflow maps to at most one Nexus
// workflow (the primary key), and a Nexus workflow is fed by at most one n8n workflow.
export const connectionWorkflows = pgTable(
  "connection_workflows",
  {
    connectionId: uuid()
      .notNull()
      .references(() => engineConnections.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    externalWorkflowId: text().notNull(),
    externalName: text().notNull(),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id)
      .unique(),
    // null until every execution n8n held for it has been imported
    backfilledAt: timestamp({ withTimezone: true }),
    // where an unfinished backfill goes on (n8n's page cursor): a sync imports a few pages
    // of history at a time (lib/sync.ts), so a long history is shared out over many syncs
    backfillCursor: text(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalWorkflowId] }), index().on(t.companyId)],
);

// ---------------------------------------------------------------- scheduled tasks

// One row per scheduled task and slot that has run: whichever worker or cron call claims
// the slot first runs it, so no task runs twice for the same slot.
export const scheduledTaskRuns = pgTable(
  "scheduled_task_runs",
  {
    task: text().notNull(),
    slot: timestamp({ withTimezone: true }).notNull(),
    claimedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.task, t.slot] })],
);

// ---------------------------------------------------------------- credential vault

export const credentials = pgTable(
  "credentials",
  {
    id: uuid().primaryKey().defaultRandom(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    name: text().notNull(),
    service: text().notNull(),
    // AES-256-GCM: ciphertext, 12-byte nonce and 16-byte tag; AAD = company id + record id
    ciphertext: bytea().notNull(),
    nonce: bytea().notNull(),
    authTag: bytea().notNull(),
    keyVersion: integer().notNull(),
    // the last four characters, for the masked display
    hint: text().notNull(),
    createdById: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    rotatedAt: timestamp({ withTimezone: true }),
    lastAccessedAt: timestamp({ withTimezone: true }),
    lastAccessedById: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index().on(t.companyId), index().on(t.keyVersion)],
);

// ---------------------------------------------------------------- invoices

export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull().unique(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    planId: uuid()
      .notNull()
      .references(() => plans.id),
    // first day of the billed calendar month (UTC)
    month: date({ mode: "string" }).notNull(),
    status: invoiceStatusEnum().notNull().default("draft"),
    currency: text().notNull(),
    billableRuns: integer().notNull(),
    includedRuns: integer().notNull(),
    overageRuns: integer().notNull(),
    basePriceCents: integer().notNull(),
    overagePriceCents: integer().notNull(),
    overageCents: integer().notNull(),
    totalCents: integer().notNull(),
    issuedAt: timestamp({ withTimezone: true }),
    dueAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    paymentMethod: text(),
    paymentReference: text(),
    voidedAt: timestamp({ withTimezone: true }),
    voidReason: text(),
    overdueNotifiedAt: timestamp({ withTimezone: true }),
    // the voided invoice of the same company and month this one was issued in place of
    replacesInvoiceId: uuid().references((): AnyPgColumn => invoices.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // at most one invoice per company and month that is not void: a voided month can be invoiced again
    uniqueIndex("invoices_one_billed_month_idx").on(t.companyId, t.month).where(sql`${t.status} <> 'void'`),
    index().on(t.companyId, t.month),
    index().on(t.status, t.dueAt),
    index().on(t.month),
    index().on(t.replacesInvoiceId),
  ],
);

// ---------------------------------------------------------------- notifications

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    // the recipient; NULL: a company notification, seen by the company's client users
    // (a group: one row per burst, whatever the number of users)
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    companyId: uuid().references(() => companies.id),
    type: notificationTypeEnum().notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    // where the notification leads, a path inside the recipient's area
    link: text(),
    // what repeats (e.g. the workflow): later ones of the same key join the open group
    groupKey: text(),
    // how many times it happened in this group
    count: integer().notNull().default(1),
    // a personal notification's own read state (company ones: notification_reads)
    readAt: timestamp({ withTimezone: true }),
    // when it first happened; lastAt: when it last did (the list's order)
    createdAt: createdAt(),
    lastAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.userId, t.lastAt.desc(), t.id.desc()),
    index("notifications_unread_idx").on(t.userId, t.lastAt.desc()).where(sql`${t.readAt} IS NULL`),
    index("notifications_company_groups_idx").on(t.companyId, t.lastAt.desc(), t.id.desc()).where(sql`${t.userId} IS NULL`),
    index("notifications_open_group_idx")
      .on(t.companyId, t.groupKey, t.createdAt.desc())
      .where(sql`${t.userId} IS NULL AND ${t.groupKey} IS NOT NULL`),
    index().on(t.readAt).where(sql`${t.readAt} IS NOT NULL`),
    check("notifications_has_audience", sql`${t.userId} IS NOT NULL OR ${t.companyId} IS NOT NULL`),
  ],
);

// A user's read receipt for a company notification (user_id NULL there).
export const notificationReads = pgTable(
  "notification_reads",
  {
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] }), index().on(t.userId)],
);

// One row per immediate email of a company notification to a user (issue 22): written in the
// transaction that hands the mail over, so a group emails each user once.
export const notificationEmails = pgTable(
  "notification_emails",
  {
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] }), index().on(t.userId)],
);

// ---------------------------------------------------------------- audit log (append-only)

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    actorEmail: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    companyId: uuid().references(() => companies.id),
    ip: inet(),
    userAgent: text(),
    // changed fields as { field: { from, to } }, never secrets
    changes: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index().on(t.at.desc()),
    index().on(t.companyId, t.at.desc()),
    index().on(t.actorId, t.at.desc()),
    index().on(t.action, t.at.desc()),
  ],
);

// ---------------------------------------------------------------- platform settings (one row)

export const platformSettings = pgTable(
  "platform_settings",
  {
    id: boolean().primaryKey().default(true),
    defaultHourlyRateCents: integer().notNull().default(5000),
    defaultMinutesSavedPerRun: integer().notNull().default(5),
    currency: text().notNull().default("USD"),
    // an alert left unacknowledged this long is told to the company's clients too
    alertClientDelayMinutes: integer().notNull().default(30),
    // a failure within this many minutes of an unread group's first joins it
    notificationGroupMinutes: integer().notNull().default(60),
    // read notifications older than this are deleted (lib/notification-retention.ts)
    readNotificationRetentionDays: integer().notNull().default(180),
    updatedAt: updatedAt(),
    updatedById: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("platform_settings_single_row", sql`${t.id}`)],
);

// ---------------------------------------------------------------- sign-in attempts

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    // normalised (lower-case) email as typed; it may match no account
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.email, t.at.desc()), index().on(t.ip, t.at.desc())],
);

// ---------------------------------------------------------------- types

export type User = typeof users.$inferSelect;
export type Company = typeof companies.$inferSelect;
export type CompanyPlan = typeof companyPlans.$inferSelect;
export type Workflow = typeof workflows.$inferSelect;
export type WorkflowExecution = typeof workflowExecutions.$inferSelect;
export type Plan = typeof plans.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type AuditEntry = typeof auditLog.$inferInsert;
export type Alert = typeof alerts.$inferSelect;
export type WorkflowExpectation = typeof workflowExpectations.$inferSelect;
export type EngineConnection = typeof engineConnections.$inferSelect;
export type ConnectionWorkflow = typeof connectionWorkflows.$inferSelect;
