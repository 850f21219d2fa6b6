"use client";

import { Card, Metric, Text } from "@tremor/react";
import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { useId } from "react";
import type { RoiData, RoiFigures } from "@/db/queries/roi";
import { useNumberFormats, type NumberFormats } from "./use-number-format";

/** What the summary needs of getRoi's answer (db/queries/roi.ts): a plain object. */
export type RoiSummaryData = Pick<RoiData, "current" | "previous" | "currency" | "hourlyRateCents">;

type Tone = "good" | "bad" | "neutral";
type Change = { direction: "up" | "down" | "flat"; tone: Tone; text: string };

type Kpi = {
  key: string;
  label: string;
  value: string;
  note: string;
  change: Change;
};

const toneClass: Record<Tone, string> = {
  good: "text-emerald-700",
  bad: "text-rose-700",
  neutral: "text-gray-600",
};

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The change of a figure against the previous period, in words (the colour only repeats
 * them): "Up 12% vs previous 30 days". A percentage says nothing when the previous value
 * is zero or negative (net return can be), so the difference itself is given then:
 * "Up $1,200.00 vs previous 30 days". `higherIsBetter` decides the colour only.
 */
function relativeChange(
  current: number,
  previous: number,
  { higherIsBetter, against, format, formats }: { higherIsBetter: boolean; against: string; format: (value: number) => string; formats: NumberFormats },
): Change {
  if (current === previous) return { direction: "flat", tone: "neutral", text: `No change vs ${against}` };
  const direction = current > previous ? "up" : "down";
  const tone: Tone = (direction === "up") === higherIsBetter ? "good" : "bad";
  const word = direction === "up" ? "Up" : "Down";
  if (previous <= 0 || current < 0) {
    return { direction, tone, text: `${word} ${format(Math.abs(current - previous))} vs ${against}` };
  }
  const percent = round1((Math.abs(current - previous) / previous) * 100);
  if (percent === 0) return { direction: "flat", tone: "neutral", text: `About the same as the ${against}` };
  return { direction, tone, text: `${word} ${formats.percent(percent)} vs ${against}` };
}

/** The change of a percentage, in percentage points. */
function pointsChange(current: number | null, previous: number | null, against: string, formats: NumberFormats): Change {
  if (current === null || previous === null) {
    return { direction: "flat", tone: "neutral", text: `Nothing to compare with in the ${against}` };
  }
  const points = round1(current - previous);
  if (points === 0) return { direction: "flat", tone: "neutral", text: `No change vs ${against}` };
  const direction = points > 0 ? "up" : "down";
  const magnitude = formats.decimal(Math.abs(points));
  return {
    direction,
    tone: points > 0 ? "good" : "bad",
    text: `${direction === "up" ? "Up" : "Down"} ${magnitude} ${Math.abs(points) === 1 ? "point" : "points"} vs ${against}`,
  };
}

function kpisFor(data: RoiSummaryData, against: string, formats: NumberFormats): Kpi[] {
  const { current, previous } = data;
  const money = formats.money;
  const finished = (figures: RoiFigures) => figures.succeeded + figures.failed;
  return [
    {
      key: "hours-saved",
      label: "Hours saved",
      value: formats.hours(current.hoursSaved),
      note: "Minutes saved by succeeded runs",
      change: relativeChange(current.hoursSaved, previous.hoursSaved, {
        higherIsBetter: true,
        against,
        format: (value) => `${formats.hours(value)} hours`,
        formats,
      }),
    },
    {
      key: "money-saved",
      label: "Money saved",
      value: money(current.moneySavedCents),
      note: `Hours saved at ${money(data.hourlyRateCents)} an hour`,
      change: relativeChange(current.moneySavedCents, previous.moneySavedCents, { higherIsBetter: true, against, format: money, formats }),
    },
    {
      key: "spend",
      label: "Spend",
      value: money(current.spendCents),
      note: "Your plan and overage for these days",
      change: relativeChange(current.spendCents, previous.spendCents, { higherIsBetter: false, against, format: money, formats }),
    },
    {
      key: "net-return",
      label: "Net return",
      value: money(current.netReturnCents),
      note: "Money saved minus spend",
      change: relativeChange(current.netReturnCents, previous.netReturnCents, { higherIsBetter: true, against, format: money, formats }),
    },
    {
      key: "roi",
      label: "ROI",
      value: current.roiPercent === null ? "–" : formats.percent(current.roiPercent),
      note: current.roiPercent === null ? "Nothing was spent in these days" : "Net return as a share of spend",
      change: pointsChange(current.roiPercent, previous.roiPercent, against, formats),
    },
    {
      key: "success-rate",
      label: "Success rate",
      value: current.successRatePercent === null ? "–" : formats.percent(current.successRatePercent),
      note:
        finished(current) === 0
          ? "No finished runs in these days"
          : `${formats.integer(current.succeeded)} succeeded, ${formats.integer(current.failed)} failed`,
      change: pointsChange(current.successRatePercent, previous.successRatePercent, against, formats),
    },
    {
      key: "runs",
      label: "Runs",
      value: formats.integer(current.runs),
      note: "All runs started, whatever their outcome",
      change: relativeChange(current.runs, previous.runs, { higherIsBetter: true, against, format: formats.integer, formats }),
    },
  ];
}

const changeIcons = { up: ArrowUpRight, down: ArrowDownRight, flat: Minus };

/**
 * The ROI key figures with their change against the previous period of the same length.
 * Shared by the client's dashboard and the admin's company page, so both show the same.
 */
export function RoiSummary({
  data,
  periodLabel,
  previousLabel,
  headingLevel = 2,
}: {
  data: RoiSummaryData;
  /** "the last 30 days", "Oct 25, 2026 – Nov 5, 2026" */
  periodLabel: string;
  /** "previous 30 days" */
  previousLabel: string;
  headingLevel?: 2 | 3;
}) {
  const headingId = useId();
  const formats = useNumberFormats(data.currency);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={headingId}>
      <Heading id={headingId} className="sr-only">
        {`Key figures for ${periodLabel}`}
      </Heading>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {kpisFor(data, previousLabel, formats).map((kpi) => {
          const Icon = changeIcons[kpi.change.direction];
          return (
            <li key={kpi.key}>
              <Card decoration="top" decorationColor="indigo" className="h-full" data-testid={`kpi-${kpi.key}`}>
                <Text>{kpi.label}</Text>
                <Metric className="tabular-nums" data-testid="kpi-value">
                  {kpi.value}
                </Metric>
                <p className={`mt-2 flex items-start gap-1 text-sm font-medium ${toneClass[kpi.change.tone]}`} data-testid="kpi-change">
                  <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
                  <span>{kpi.change.text}</span>
                </p>
                <Text className="mt-1">{kpi.note}</Text>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
