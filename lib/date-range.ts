import { z } from "zod";

// The date range of the ROI dashboard, the reports and their CSV export, read from the
// URL so a view can be shared and reloaded. Ranges are inclusive UTC days "YYYY-MM-DD",
// the same days the execution_daily_stats rollup is keyed by. Pure: pages, the export
// route and tests share it.

export const rangePresets = ["7d", "30d", "90d"] as const;
export type RangePreset = (typeof rangePresets)[number];
export const DEFAULT_PRESET: RangePreset = "30d";
export const MAX_RANGE_DAYS = 366;
/** Nothing ran before this; it keeps years four-digit and positive, previous periods included. */
const EARLIEST_DAY = "1970-01-01";

const presetDays: Record<RangePreset, number> = { "7d": 7, "30d": 30, "90d": 90 };

export type DateRange = {
  /** first day, inclusive */
  from: string;
  /** last day, inclusive */
  to: string;
  /** how many days the range spans */
  days: number;
  /** the preset it came from; null for a custom range */
  preset: RangePreset | null;
};

export type ParsedDateRange =
  | { ok: true; range: DateRange }
  /** the message says what was wrong; `range` is the default range to show instead */
  | { ok: false; error: string; range: DateRange };

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayString(dayNumberValue: number): string {
  return new Date(dayNumberValue * DAY_MS).toISOString().slice(0, 10);
}

/** Today's UTC day. */
export function utcToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `day` moved by `count` days (negative: earlier). */
export function addDays(day: string, count: number): string {
  return dayString(dayNumber(day) + count);
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Every day of the range, oldest first. */
export function rangeDays(range: Pick<DateRange, "from" | "to">): string[] {
  const count = daysBetween(range.from, range.to);
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(range.from, index));
}

/** The last `preset` days, today included. */
export function presetRange(preset: RangePreset, now: Date): DateRange {
  const days = presetDays[preset];
  const to = utcToday(now);
  return { from: addDays(to, -(days - 1)), to, days, preset };
}

export function defaultRange(now: Date): DateRange {
  return presetRange(DEFAULT_PRESET, now);
}

/** The period of the same length just before the range: what "change vs previous" compares with. */
export function previousRange(range: Pick<DateRange, "from" | "days">): DateRange {
  const to = addDays(range.from, -1);
  return { from: addDays(to, -(range.days - 1)), to, days: range.days, preset: null };
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Write days as YYYY-MM-DD.")
  .refine((value) => {
    const parsed = Date.parse(`${value}T00:00:00Z`);
    return Number.isFinite(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
  }, "That day does not exist.");

// A query value: the first of repeated parameters; an empty field (a GET form's blank
// input) counts as absent.
const queryValue = z.preprocess((value) => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" || first === null ? undefined : first;
}, z.string().optional());

export const dateRangeQuerySchema = z.object({
  range: queryValue,
  from: queryValue,
  to: queryValue,
});

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

function toRecord(params: SearchParamsInput): Record<string, string | string[] | undefined> {
  if (!(params instanceof URLSearchParams)) return params;
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) record[key] = params.getAll(key);
  return record;
}

function isPreset(value: string): value is RangePreset {
  return (rangePresets as readonly string[]).includes(value);
}

/**
 * The range a URL asks for: `?range=7d|30d|90d`, or `?from=YYYY-MM-DD&to=YYYY-MM-DD`
 * (custom: inclusive UTC days, from ≤ to ≤ today, at most 366 days; `range=custom` may
 * accompany it). Nothing given: the last 30 days. A preset wins over stray from/to.
 * Anything invalid: a message saying why, with the default range to fall back on.
 */
export function parseDateRange(params: SearchParamsInput, now: Date): ParsedDateRange {
  const fallback = defaultRange(now);
  const fail = (error: string): ParsedDateRange => ({ ok: false, error, range: fallback });
  const { range, from, to } = dateRangeQuerySchema.parse(toRecord(params));

  if (range !== undefined && isPreset(range)) return { ok: true, range: presetRange(range, now) };
  if (range !== undefined && range !== "custom") {
    return fail("That date range is not one we offer: choose the last 7, 30 or 90 days, or custom dates.");
  }
  if (from === undefined && to === undefined) {
    return range === "custom" ? fail("Choose both a start and an end day for a custom range.") : { ok: true, range: fallback };
  }
  if (from === undefined || to === undefined) return fail("Choose both a start and an end day for a custom range.");

  const fromParsed = isoDaySchema.safeParse(from);
  const toParsed = isoDaySchema.safeParse(to);
  if (!fromParsed.success || !toParsed.success) {
    return fail("Custom dates must be real days written YYYY-MM-DD.");
  }
  if (from < EARLIEST_DAY) return fail("Custom dates start in 1970 at the earliest.");
  if (from > to) return fail("The start day must be on or before the end day.");
  const today = utcToday(now);
  if (to > today) return fail(`The end day cannot be after today (${today}, UTC).`);
  const days = daysBetween(from, to);
  if (days > MAX_RANGE_DAYS) return fail(`A custom range can span at most ${MAX_RANGE_DAYS} days.`);
  return { ok: true, range: { from, to, days, preset: null } };
}

/** The query parameters that reproduce the range: `{ range }` for a preset, `{ from, to }` otherwise. */
export function rangeQuery(range: DateRange): Record<string, string> {
  return range.preset ? { range: range.preset } : { from: range.from, to: range.to };
}

const dayLabelFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** "the last 30 days" or "Oct 28, 2026 – Nov 3, 2026", for headings and labels. */
export function rangeLabel(range: DateRange): string {
  if (range.preset) return `the last ${range.days} days`;
  const from = dayLabelFormat.format(new Date(`${range.from}T00:00:00Z`));
  const to = dayLabelFormat.format(new Date(`${range.to}T00:00:00Z`));
  return range.from === range.to ? from : `${from} – ${to}`;
}

/** "previous 30 days", for the KPI comparisons. */
export function previousLabel(range: DateRange): string {
  return `previous ${range.days} ${range.days === 1 ? "day" : "days"}`;
}
