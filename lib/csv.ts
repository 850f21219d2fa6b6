// CSV writing (RFC 4180), pure. Text fields are neutralised against formula injection
// (OWASP "CSV injection"): a spreadsheet would run `=HYPERLINK(...)` typed into a
// workflow name, so text starting with = + - @ tab or CR gets a leading apostrophe, which
// spreadsheets show as plain text. Numbers the export writes itself are not text and stay
// as they are (a negative amount keeps its minus).

/** A number already written as text by the exporter ("1234.50", "-3"), emitted unchanged. */
export class CsvNumber {
  readonly text: string;
  constructor(text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a plain decimal number: ${text}`);
    this.text = text;
  }
}

/** A field: text (neutralised, quoted when needed), a number, or empty (null/undefined). */
export type CsvValue = string | number | CsvNumber | null | undefined;

export const CSV_LINE_END = "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text that a spreadsheet would read as a formula, made inert with a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a field containing a double quote, comma, CR or LF; inner quotes are doubled. */
export function quoteField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof CsvNumber) return value.text;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  return quoteField(neutraliseFormula(value));
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",") + CSV_LINE_END;
}

/** Integer cents as a decimal amount in the major unit: 123450 → "1234.50", -5 → "-0.05". */
export function centsToDecimal(cents: number): CsvNumber {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not whole cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return new CsvNumber(`${sign}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`);
}

/**
 * A number with a fixed count of decimals: (12.5, 2) → "12.50". Meant for values already
 * rounded to that many decimals by the caller; others are rounded half away from zero.
 */
export function fixedDecimal(value: number, decimals: number): CsvNumber {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const factor = 10 ** decimals;
  const scaled = Math.round(Math.abs(value) * factor);
  const sign = value < 0 && scaled !== 0 ? "-" : "";
  const whole = Math.trunc(scaled / factor);
  const fraction = decimals > 0 ? `.${String(scaled % factor).padStart(decimals, "0")}` : "";
  return new CsvNumber(`${sign}${whole}${fraction}`);
}
