import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToDecimal, CsvNumber, csvField, csvRow, fixedDecimal, neutraliseFormula } from "@/lib/csv";

/** A strict RFC 4180 reader: CRLF-terminated records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let index = 0;
  let atFieldStart = true;
  while (index < text.length) {
    const char = text[index];
    if (atFieldStart && char === '"') {
      // a quoted field runs to the next quote not followed by another quote
      index += 1;
      for (;;) {
        if (index >= text.length) throw new Error("unterminated quoted field");
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        field += text[index];
        index += 1;
      }
      atFieldStart = false;
      const next = text[index];
      if (next !== "," && next !== "\r") throw new Error(`unexpected ${JSON.stringify(next)} after a quoted field`);
      continue;
    }
    if (char === ",") {
      record.push(field);
      field = "";
      atFieldStart = true;
      index += 1;
    } else if (char === "\r") {
      if (text[index + 1] !== "\n") throw new Error("bare CR outside quotes");
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      atFieldStart = true;
      index += 2;
    } else {
      if (char === '"' || char === "\n") throw new Error(`${JSON.stringify(char)} in an unquoted field`);
      field += char;
      atFieldStart = false;
      index += 1;
    }
  }
  if (!atFieldStart || field !== "" || record.length > 0) throw new Error("last record not terminated by CRLF");
  return records;
}

// Text with the characters that matter to CSV and to spreadsheets, mixed with anything else.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', ",", "\r", "\n", "=", "+", "-", "@", "\t", "'", "a", " ", "é") }),
  fc.string({ unit: "grapheme" }),
  fc.string(),
);

describe("csvRow", () => {
  it("round-trips any fields through an RFC 4180 reader (formula starts gain an apostrophe)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(tricky, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = rows.map((row) => csvRow(row)).join("");
        const parsed = parseCsv(text);
        expect(parsed).toEqual(rows.map((row) => row.map(neutraliseFormula)));
        for (const [r, row] of rows.entries()) {
          for (const [f, value] of row.entries()) {
            const read = parsed[r]?.[f];
            expect(read === value || (/^[=+\-@\t\r]/.test(value) && read === `'${value}`)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps numbers as numbers and empties empty", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (value) => {
        expect(parseCsv(csvRow([value]))).toEqual([[String(value)]]);
      }),
    );
    expect(csvRow([null, undefined, "", 0])).toBe(",,,0\r\n");
    expect(csvRow([-2, new CsvNumber("-12.50")])).toBe("-2,-12.50\r\n");
  });

  it("neutralises formula injection", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+x")).toBe("'+x");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    expect(csvField("\rcmd")).toBe("\"'\rcmd\"");
    expect(csvField('=HYPERLINK("http://x.test","y")')).toBe(`"'=HYPERLINK(""http://x.test"",""y"")"`);
    // only the start matters
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("Lead routing, EU")).toBe('"Lead routing, EU"');
  });

  it("refuses values that are not numbers where a number is promised", () => {
    expect(() => new CsvNumber("=1")).toThrow(RangeError);
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });
});

describe("decimal amounts", () => {
  it("writes cents as major units with two decimals", () => {
    expect(centsToDecimal(123450).text).toBe("1234.50");
    expect(centsToDecimal(5).text).toBe("0.05");
    expect(centsToDecimal(0).text).toBe("0.00");
    expect(centsToDecimal(-5).text).toBe("-0.05");
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(Math.round(Number(centsToDecimal(cents).text) * 100)).toBe(cents);
      }),
    );
  });

  it("writes fixed decimals", () => {
    expect(fixedDecimal(12.5, 2).text).toBe("12.50");
    expect(fixedDecimal(97.3, 1).text).toBe("97.3");
    expect(fixedDecimal(0, 1).text).toBe("0.0");
    expect(fixedDecimal(1234.56, 2).text).toBe("1234.56");
    expect(fixedDecimal(-0.001, 2).text).toBe("0.00");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (minutes) => {
        const hours = Math.round((minutes * 5) / 3) / 100;
        expect(fixedDecimal(hours, 2).text).toBe((Math.round((minutes * 5) / 3) / 100).toFixed(2));
      }),
    );
  });
});
