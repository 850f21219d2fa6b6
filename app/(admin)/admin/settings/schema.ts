import { z } from "zod";

/** The currencies the platform can bill and report in (ISO 4217). */
export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "SEK", "NOK", "DKK", "SGD"] as const;
export type Currency = (typeof CURRENCIES)[number];

export const currencyNames: Record<Currency, string> = {
  USD: "US dollar",
  EUR: "Euro",
  GBP: "British pound",
  CAD: "Canadian dollar",
  AUD: "Australian dollar",
  NZD: "New Zealand dollar",
  CHF: "Swiss franc",
  JPY: "Japanese yen",
  SEK: "Swedish krona",
  NOK: "Norwegian krone",
  DKK: "Danish krone",
  SGD: "Singapore dollar",
};

// Up to 1,000,000.00 keeps cents well inside a Postgres integer.
const MAX_RATE_CENTS = 100_000_000;

/** "50", "50.5" or "50.00" (major units) to 5000 cents, in integers so no float rounding creeps in. */
export function majorUnitsToCents(amount: string): number {
  const [whole = "0", fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** 5000 cents to "50.00", as the form shows it. */
export function centsToMajorUnits(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export const platformSettingsSchema = z.object({
  defaultHourlyRate: z
    .string()
    .trim()
    .min(1, "Enter the default hourly rate.")
    .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter an amount of zero or more, like 50.00, with at most two decimals.")
    .transform(majorUnitsToCents)
    .refine((cents) => cents <= MAX_RATE_CENTS, "Enter at most 1,000,000.00."),
  defaultMinutesSavedPerRun: z
    .string()
    .trim()
    .min(1, "Enter the default minutes saved per run.")
    .pipe(
      z.coerce
        .number<string>({ error: "Enter a whole number of minutes." })
        .int("Enter a whole number of minutes.")
        .min(0, "Enter 0 or more minutes.")
        .max(1440, "Enter at most 1440 minutes (a day)."),
    ),
  currency: z.enum(CURRENCIES, { error: "Choose a currency from the list." }),
});

export type PlatformSettingsInput = z.infer<typeof platformSettingsSchema>;

const wholeNumber = (label: string, min: number, max: number, unit: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label}.`)
    .pipe(
      z.coerce
        .number<string>({ error: `Enter a whole number of ${unit}.` })
        .int(`Enter a whole number of ${unit}.`)
        .min(min, `Enter at least ${min} ${unit}.`)
        .max(max, `Enter at most ${max} ${unit}.`),
    );

/** How notifications group and how long read ones are kept (admin only). */
export const notificationSettingsSchema = z.object({
  groupMinutes: wholeNumber("grouping window", 1, 1440, "minutes"),
  retentionDays: wholeNumber("retention period", 7, 3650, "days"),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsSchema>;
