"use client";

import { ProgressBar } from "@tremor/react";
import { useId } from "react";

/**
 * This month's billable runs against the plan's included runs: a bar, and the same in
 * words (the colour only repeats what the text says).
 */
export function UsageMeter({
  used,
  included,
  usedLabel,
  includedLabel,
  overageLabel,
}: {
  used: number;
  included: number;
  /** the numbers, already formatted in the reader's locale */
  usedLabel: string;
  includedLabel: string;
  /** "1,204 extra runs", when over */
  overageLabel: string | null;
}) {
  const labelId = useId();
  const share = included > 0 ? Math.min(100, (used / included) * 100) : used > 0 ? 100 : 0;
  const over = used > included;
  return (
    <div>
      <p className="text-sm text-gray-800" id={labelId}>
        <span className="font-semibold">{usedLabel}</span> of {includedLabel} included runs used
        {over && overageLabel ? <span className="font-semibold">{`, ${overageLabel} beyond the plan`}</span> : null}
      </p>
      <ProgressBar
        value={share}
        color={over ? "amber" : "indigo"}
        className="mt-2"
        aria-labelledby={labelId}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share)}
      />
    </div>
  );
}
