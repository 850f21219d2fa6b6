// Display helpers for company pages; pure, so server and client components share them.

/** Integer cents in the currency, e.g. 6550 USD → "$65.50". */
export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
  } catch {
    // an unknown currency code: still show the amount, with the code
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

/** Cents as the form shows them, in the major unit: 6550 → "65.50"; null → "". */
export function centsToInput(cents: number | null): string {
  if (cents === null) return "";
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** The first day (UTC) of the billing month after `now`'s: when a plan change applies. */
export function nextBillingMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

const monthFormat = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** "December 2026" */
export function formatMonth(month: Date): string {
  return monthFormat.format(month);
}

/** "Growth", "Growth now, Scale from December 2026", or "No plan". */
export function planLabel(planName: string | null, nextPlanName: string | null, now: Date): string {
  if (!planName) return nextPlanName ? `No plan now, ${nextPlanName} from ${formatMonth(nextBillingMonth(now))}` : "No plan";
  if (!nextPlanName) return planName;
  return `${planName} now, ${nextPlanName} from ${formatMonth(nextBillingMonth(now))}`;
}

export function personLabel(person: { name: string | null; email: string }): string {
  return person.name ? `${person.name} (${person.email})` : person.email;
}
