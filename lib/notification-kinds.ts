import type { AlertEmailPreference, Notification, NotificationKind } from "@/db/schema";

// Which kind (a user's in-app preference) each notification type belongs to, and how a
// grouped notification reads. Pure: the pages, the bell and the tests share it.

type NotificationType = Notification["type"];

/** null: always shown (account changes and staff notices about connections and ingestion are not optional). */
export const KIND_OF_TYPE: Readonly<Record<NotificationType, NotificationKind | null>> = {
  run_failed: "run_failures",
  workflow_paused: "workflow_changes",
  workflow_resumed: "workflow_changes",
  credential_revealed: "credentials",
  invoice_issued: "billing",
  invoice_overdue: "billing",
  alert_opened: "alerts",
  alert_escalated: "alerts",
  alert_resolved: "alerts",
  account_changed: null,
  connection_failing: null,
  ingestion_throttled: null,
};

/** The notification types a user who muted `kinds` does not see. */
export function typesMutedBy(kinds: readonly NotificationKind[]): NotificationType[] {
  return (Object.keys(KIND_OF_TYPE) as NotificationType[]).filter((type) => {
    const kind = KIND_OF_TYPE[type];
    return kind !== null && kinds.includes(kind);
  });
}

export const KIND_LABELS: Readonly<Record<NotificationKind, { label: string; hint: string; clientsOnly: boolean }>> = {
  run_failures: { label: "Failed runs", hint: "One notification per burst of failures of a workflow, updated while it lasts.", clientsOnly: true },
  workflow_changes: { label: "Workflow changes", hint: "A workflow paused or resumed by your agency.", clientsOnly: true },
  credentials: { label: "Credentials", hint: "Your agency revealed one of your credentials.", clientsOnly: true },
  billing: { label: "Billing", hint: "An invoice issued or overdue.", clientsOnly: true },
  alerts: { label: "Alerts", hint: "A workflow late or failing, and back to normal.", clientsOnly: false },
};

/** The kinds a role can receive (staff get alerts only; clients every kind). */
export function kindsOfferedTo(role: "admin" | "se" | "client"): NotificationKind[] {
  return (Object.keys(KIND_LABELS) as NotificationKind[]).filter((kind) => role === "client" || !KIND_LABELS[kind].clientsOnly);
}

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/**
 * The headline of a notification: its title, or for a group that happened more than once,
 * "Invoice sync failed 12 times since 09:14 UTC" (overdue notices: "3 invoices became
 * overdue since …; latest: …").
 */
export function notificationHeadline({ type, title, count, createdAt }: { type: NotificationType; title: string; count: number; createdAt: Date }): string {
  if (count <= 1) return title;
  const since = `since ${clock.format(createdAt)} UTC`;
  if (type === "run_failed") return `${title} ${count} times ${since}`;
  if (type === "invoice_overdue") return `${count} invoices became overdue ${since}; latest: ${title}`;
  return `${title} (${count} times ${since})`;
}

/** The body under the headline: a group's body is its latest occurrence's (the last error). */
export function notificationDetail({ type, body, count }: { type: NotificationType; body: string; count: number }): string {
  if (count > 1 && type === "run_failed" && body) return `Last error: ${body}`;
  return body;
}

/** How a kind reaches a user by email, beside in-app. */
export type EmailChoice = "off" | "immediately" | "digest";

export const EMAIL_CHOICE_LABELS: Readonly<Record<EmailChoice, string>> = {
  off: "No email",
  immediately: "Email at once",
  digest: "Daily digest",
};

/** A user's email choice per kind, from their row (alerts: users.alert_email). */
export function emailChoices(row: { alertEmail: AlertEmailPreference; emailNow: readonly NotificationKind[]; emailDigest: readonly NotificationKind[] }): Record<NotificationKind, EmailChoice> {
  const of = (kind: NotificationKind): EmailChoice => (row.emailNow.includes(kind) ? "immediately" : row.emailDigest.includes(kind) ? "digest" : "off");
  return {
    run_failures: of("run_failures"),
    workflow_changes: of("workflow_changes"),
    credentials: of("credentials"),
    billing: of("billing"),
    alerts: row.alertEmail === "email" ? "immediately" : row.alertEmail === "digest" ? "digest" : "off",
  };
}

/** The stored form of per-kind email choices (the inverse of emailChoices). */
export function storedEmailChoices(choices: Readonly<Record<NotificationKind, EmailChoice>>): {
  alertEmail: AlertEmailPreference;
  emailNow: NotificationKind[];
  emailDigest: NotificationKind[];
} {
  const companyKinds = (Object.keys(choices) as NotificationKind[]).filter((kind) => kind !== "alerts");
  return {
    alertEmail: choices.alerts === "immediately" ? "email" : choices.alerts === "digest" ? "digest" : "in_app",
    emailNow: companyKinds.filter((kind) => choices[kind] === "immediately"),
    emailDigest: companyKinds.filter((kind) => choices[kind] === "digest"),
  };
}
