// Display helpers for billing screens; pure, so server and client components share them.
// Months are "YYYY-MM-01" (UTC); money is integer cents.

export type InvoiceState = "draft" | "open" | "overdue" | "paid" | "void";

const monthLong = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const dayMedium = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const integer = new Intl.NumberFormat("en-US");

function monthDate(month: string): Date {
  return new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
}

/** "2026-10-01" → "October 2026" */
export function formatBillingMonth(month: string): string {
  return monthLong.format(monthDate(month));
}

/** "2026-10-01" → "2026-10", the value of an <input type="month"> and of ?month= */
export function monthParam(month: string): string {
  return month.slice(0, 7);
}

/** A date (no time) in UTC, e.g. "Nov 2, 2026"; in `locale` when given. */
export function formatDay(value: Date, locale?: string): string {
  if (!locale) return dayMedium.format(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(value);
}

export function formatRuns(runs: number, locale?: string): string {
  return locale ? new Intl.NumberFormat(locale).format(runs) : integer.format(runs);
}

/**
 * Integer cents in the currency, in `locale` (default en-US): 4999 USD → "$49.99".
 * Prices under a cent's precision do not exist: the minor unit is always two digits.
 */
export function formatCents(cents: number, currency: string, locale = "en-US"): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
  } catch {
    // an unknown currency code or locale: still show the amount, with the code
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

export const invoiceStateLabels: Record<InvoiceState, string> = {
  draft: "Draft",
  open: "Open",
  overdue: "Overdue",
  paid: "Paid",
  void: "Void",
};

export const paymentMethodLabels: Record<string, string> = {
  bank_transfer: "Bank transfer",
  card: "Card",
  cash: "Cash",
  other: "Other",
};

export function paymentMethodLabel(method: string | null): string {
  if (!method) return "Not recorded";
  return paymentMethodLabels[method] ?? method;
}
