import "server-only";
import type { Database } from "@/db/client";
import { claimOverdueInvoices } from "@/db/queries/billing";
import { notificationGroupMinutes } from "@/db/queries/notifications";
import { storeCompanyNotification } from "./notify";

const monthLabel = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const dayLabel = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

/**
 * Tells each company's clients, once, about every open invoice that has passed its due
 * date (PRODUCT.md §6 "an invoice ... overdue"). Idempotent and cheap: the claim is one
 * UPDATE … WHERE overdue_notified_at IS NULL RETURNING, so however often and however
 * concurrently it runs, each invoice notifies exactly once. The billing pages call it on
 * load; in production a scheduled job (e.g. hourly) would be the trigger. Returns how
 * many invoices became overdue-notified.
 */
export async function notifyOverdueInvoices(db: Database, now: Date = new Date()): Promise<number> {
  const { claimed, pushes } = await db.transaction(async (tx) => {
    const claimed = await claimOverdueInvoices(tx, now);
    const windowMinutes = await notificationGroupMinutes(tx);
    // one notice per company, however many of its invoices became overdue: several at once
    // (or within the grouping window) are one notification that counts them
    const byCompany = new Map<string, typeof claimed>();
    for (const invoice of claimed) byCompany.set(invoice.companyId, [...(byCompany.get(invoice.companyId) ?? []), invoice]);
    const pushes: (() => Promise<void>)[] = [];
    for (const [companyId, invoices] of [...byCompany].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const invoice = invoices.at(-1);
      if (!invoice) continue;
      const month = monthLabel.format(new Date(`${invoice.month}T00:00:00Z`));
      const due = invoice.dueAt ? ` was due on ${dayLabel.format(invoice.dueAt)}` : " is past due";
      pushes.push(
        await storeCompanyNotification(tx, companyId, {
          type: "invoice_overdue",
          groupKey: "invoices:overdue",
          title: `Invoice ${invoice.number} is overdue`,
          body: `Your invoice for ${month} (${money(invoice.totalCents, invoice.currency)})${due} and has not been paid yet.`,
          link: `/billing/invoices/${invoice.id}`,
          groupLink: "/billing",
          occurrences: invoices.length,
          windowMinutes,
        }),
      );
    }
    return { claimed, pushes };
  });
  // after commit: a realtime outage never undoes the notification
  await Promise.all(pushes.map((push) => push()));
  return claimed.length;
}
