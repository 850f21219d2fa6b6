"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useMemo, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/form";
import { cronProblem, describeExpectation, type Expectation } from "@/lib/expectations";
import { saveExpectationAction } from "../expectation/actions";
import { UNIT_MINUTES, wholeIn, type ExpectationFormValues } from "./expectation-values";

const cadenceOptions = [
  { value: "none", label: "No schedule: never late" },
  { value: "interval", label: "At least every …" },
  { value: "cron", label: "On a cron schedule" },
];

const unitOptions = [
  { value: "minutes", label: "Minutes" },
  { value: "hours", label: "Hours" },
  { value: "days", label: "Days" },
];

/**
 * What will alert, in words, for the values as typed (lib/expectations.ts is pure, so the
 * same sentences as the server's). A value that would not save says what is missing.
 */
function previewOf(values: ExpectationFormValues, now: Date): string[] {
  const notes: string[] = [];
  const grace = wholeIn(values.graceMinutes, 0, 10_080);
  if (values.cadence !== "none" && grace === null) notes.push("Grace period: enter a whole number of minutes from 0 to 10080.");
  let cadence: Pick<Expectation, "cadenceKind" | "intervalMinutes" | "cronExpression" | "timeZone"> = {
    cadenceKind: null,
    intervalMinutes: null,
    cronExpression: null,
    timeZone: null,
  };
  if (values.cadence === "interval") {
    const every = wholeIn(values.intervalValue, 1, 10_000);
    const minutes = every === null ? null : every * UNIT_MINUTES[values.intervalUnit];
    if (minutes === null || minutes < 5) notes.push("Every: enter how often it should run, at least every 5 minutes.");
    else cadence = { cadenceKind: "interval", intervalMinutes: minutes, cronExpression: null, timeZone: null };
  }
  if (values.cadence === "cron") {
    const expression = values.cronExpression.trim();
    const problem = expression ? cronProblem(expression, values.timeZone) : "Enter a cron expression, e.g. 15 9 * * 1-5.";
    if (problem) notes.push(problem);
    else cadence = { cadenceKind: "cron", intervalMinutes: null, cronExpression: expression, timeZone: values.timeZone };
  }
  const streak = values.failureStreak.trim() ? wholeIn(values.failureStreak, 1, 100) : null;
  if (values.failureStreak.trim() && streak === null) notes.push("Failures in a row: a whole number from 1 to 100, or blank.");
  const rate = values.failureRatePercent.trim() ? wholeIn(values.failureRatePercent, 1, 100) : null;
  if (values.failureRatePercent.trim() && rate === null) notes.push("Failure rate: a whole number from 1 to 100, or blank.");
  const window = wholeIn(values.failureRateWindow, 3, 100);
  const minRuns = wholeIn(values.failureRateMinRuns, 3, 100);
  if (rate !== null && (window === null || minRuns === null || minRuns > window)) {
    notes.push("Last runs and minimum runs: whole numbers from 3 to 100, the minimum at most the last runs.");
  }
  if (notes.length > 0) return notes;
  return describeExpectation(
    {
      ...cadence,
      graceMinutes: grace ?? 0,
      failureStreak: streak,
      failureRatePercent: rate,
      failureRateWindow: window ?? 20,
      failureRateMinRuns: minRuns ?? 5,
      since: now,
    },
    now,
  );
}

function Fieldset({ legend, description, children }: { legend: string; description: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="space-y-4 rounded-md border border-gray-200 p-4" aria-describedby={`${id}-description`}>
      <legend className="px-1 text-sm font-semibold text-gray-900">{legend}</legend>
      <p id={`${id}-description`} className="-mt-2 text-xs text-gray-600">
        {description}
      </p>
      {children}
    </fieldset>
  );
}

/**
 * What staff expect of a workflow (issue 15): a cadence with a grace period and a failure
 * rule, with a preview in words as they type. Controlled and sent with onSubmit (not a
 * form action: React's reset after an action would put controlled selects back on their
 * first option, react#30580); after a save the page re-renders with the stored values.
 */
export function ExpectationForm({
  workflowId,
  initial,
  timeZones,
  now: serverNow,
  suggested,
}: {
  workflowId: string;
  initial: ExpectationFormValues;
  timeZones: readonly string[];
  /** the server's clock, so the first render matches; the browser's takes over after */
  now: string;
  /** the values are the suggestion for the workflow's trigger, not saved ones */
  suggested: boolean;
}) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(saveExpectationAction, null);
  const [values, setValues] = useState<ExpectationFormValues>(initial);
  const [now, setNow] = useState(() => new Date(serverNow));

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  // The stored values win once the page re-renders after a save.
  const version = JSON.stringify(initial);
  useEffect(() => {
    setValues(JSON.parse(version) as ExpectationFormValues);
  }, [version]);

  // A cron preview names the next due times: keep them current while the page is open.
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const preview = useMemo(() => previewOf(values, now), [values, now]);
  const zoneOptions = useMemo(() => {
    const zones = timeZones.includes(values.timeZone) || !values.timeZone ? timeZones : [values.timeZone, ...timeZones];
    return zones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }));
  }, [timeZones, values.timeZone]);

  const set = (field: keyof ExpectationFormValues) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };

  const previewId = useId();
  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-5" data-testid="expectation-form">
      <FormMessage result={result} />
      {suggested ? (
        <p className="rounded-md bg-gray-50 px-3 py-2 text-sm text-gray-700">
          Nothing is saved for this workflow yet, so it never alerts. These are the suggested values for its trigger: save them, or change them first.
        </p>
      ) : null}
      <input type="hidden" name="workflowId" value={workflowId} />
      <Fieldset legend="Cadence" description="When a run should start. Lateness counts from when the cadence is saved, never from before.">
        <SelectField label="Expected to run" name="cadence" value={values.cadence} onChange={set("cadence")} options={cadenceOptions} result={result} />
        {values.cadence === "interval" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Every"
              name="intervalValue"
              inputMode="numeric"
              autoComplete="off"
              maxLength={5}
              value={values.intervalValue}
              onChange={set("intervalValue")}
              hint="At least every 5 minutes."
              result={result}
            />
            <SelectField label="Unit" name="intervalUnit" value={values.intervalUnit} onChange={set("intervalUnit")} options={unitOptions} result={result} />
          </div>
        ) : null}
        {values.cadence === "cron" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Cron expression"
              name="cronExpression"
              autoComplete="off"
              spellCheck={false}
              maxLength={120}
              value={values.cronExpression}
              onChange={set("cronExpression")}
              hint="Minute, hour, day of month, month, weekday: 15 9 * * 1-5 is 09:15 on weekdays."
              result={result}
            />
            <SelectField label="Time zone" name="timeZone" value={values.timeZone} onChange={set("timeZone")} options={zoneOptions} hint="The schedule follows this zone's clock, summer time included." result={result} />
          </div>
        ) : null}
        {values.cadence === "none" ? (
          <input type="hidden" name="graceMinutes" value={values.graceMinutes} />
        ) : (
          <TextField
            label="Grace period (minutes)"
            name="graceMinutes"
            inputMode="numeric"
            autoComplete="off"
            maxLength={5}
            value={values.graceMinutes}
            onChange={set("graceMinutes")}
            hint="How long past its due time a run may start before the workflow counts as late."
            result={result}
          />
        )}
      </Fieldset>
      <Fieldset legend="Failure rule" description="When failed runs should alert. Leave a rule blank to turn it off.">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Failures in a row"
            name="failureStreak"
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            placeholder="Off"
            value={values.failureStreak}
            onChange={set("failureStreak")}
            hint="Alert after this many failed runs in a row."
            result={result}
          />
          <TextField
            label="Failure rate above (%)"
            name="failureRatePercent"
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            placeholder="Off"
            value={values.failureRatePercent}
            onChange={set("failureRatePercent")}
            hint="Alert when more than this share of the last runs failed."
            result={result}
          />
          <TextField
            label="Over the last (finished runs)"
            name="failureRateWindow"
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            value={values.failureRateWindow}
            onChange={set("failureRateWindow")}
            hint="From 3 to 100."
            result={result}
          />
          <TextField
            label="Once at least (finished runs)"
            name="failureRateMinRuns"
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            value={values.failureRateMinRuns}
            onChange={set("failureRateMinRuns")}
            hint="The rate counts only once this many runs have finished."
            result={result}
          />
        </div>
      </Fieldset>
      <section id={previewId} aria-label="What will alert" className="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3" data-testid="expectation-preview">
        <h3 className="text-sm font-semibold text-indigo-900">What will alert</h3>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-indigo-950">
          {preview.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save expectations"}
      </button>
    </form>
  );
}
