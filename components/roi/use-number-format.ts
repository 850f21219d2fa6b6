import { useMemo, useSyncExternalStore } from "react";

// Numbers and money in the reader's locale. The server does not know it, so the server
// render (and hydration) uses en-US, and the browser then re-renders in its own locale
// (useSyncExternalStore's server snapshot), without a hydration mismatch.
const SERVER_LOCALE = "en-US";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("languagechange", onChange);
  return () => window.removeEventListener("languagechange", onChange);
}

/** The browser's locale after hydration; en-US on the server and while hydrating. */
export function useLocale(): string {
  return useSyncExternalStore(
    subscribe,
    () => navigator.language || SERVER_LOCALE,
    () => SERVER_LOCALE,
  );
}

export type NumberFormats = {
  locale: string;
  integer: (value: number) => string;
  /** hours with up to `digits` decimals */
  hours: (value: number, digits?: number) => string;
  /** a number with up to one decimal */
  decimal: (value: number) => string;
  /** integer cents in the currency */
  money: (cents: number) => string;
  /** a percentage given as a number (97.3 → "97.3%") */
  percent: (value: number) => string;
  /** a UTC day "YYYY-MM-DD" as a medium date */
  day: (day: string) => string;
  /** a UTC day as a short label for chart axes */
  shortDay: (day: string) => string;
};

function safeFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    // an unknown currency code: fall back to a plain number (the code is shown by callers)
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}

export function useNumberFormats(currency: string): NumberFormats {
  const locale = useLocale();
  return useMemo(() => {
    const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const hours1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const hours2 = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const money = safeFormat(locale, { style: "currency", currency });
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const shortDay = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
    const asDate = (value: string) => new Date(`${value}T00:00:00Z`);
    return {
      locale,
      integer: (value) => integer.format(value),
      hours: (value, digits = 1) => (digits === 2 ? hours2 : hours1).format(value),
      decimal: (value) => hours1.format(value),
      money: (cents) => money.format(cents / 100),
      percent: (value) => percent.format(value / 100),
      day: (value) => day.format(asDate(value)),
      shortDay: (value) => shortDay.format(asDate(value)),
    };
  }, [locale, currency]);
}
