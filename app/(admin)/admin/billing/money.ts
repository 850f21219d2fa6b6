// Decimal money from a form, as integer cents, by string handling so no float rounding
// creeps in ("49.99" is 4999, never 4998.999…). Pure: forms, commands and tests share it.

/** The largest amount a price field takes: 9,999,999.99 in the currency's major unit. */
export const MAX_PRICE_CENTS = 999_999_999;

const MONEY = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/**
 * "49.99" → 4999, "0.1" → 10, "12" → 1200. Refuses (null) anything else: a sign, an
 * exponent ("1e3"), more than two decimals ("12.345"), separators, or a blank.
 */
export function parseMoneyToCents(text: string): number | null {
  const match = MONEY.exec(text.trim());
  if (!match) return null;
  const units = match[1] ?? "0";
  const fraction = (match[2] ?? "").padEnd(2, "0");
  return Number(units) * 100 + Number(fraction);
}

/** Cents as a price field shows them: 4999 → "49.99", 10 → "0.10". */
export function centsToMoneyInput(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
