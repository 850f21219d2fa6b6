// Plain formatting for workflow and run figures, shared by the admin and client pages.

const integerFormat = new Intl.NumberFormat("en-US");

/** A run's duration: "850 ms", "42 s", "4 min 05 s", "1 h 02 min"; "–" while unknown. */
export function formatDuration(durationMs: number | null): string {
  if (durationMs === null) return "–";
  if (durationMs < 1000) return `${durationMs} ms`;
  const totalSeconds = Math.round(durationMs / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min ${String(totalSeconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, "0")} min`;
}

/** Minutes as a whole number with a unit: "1 minute", "1,440 minutes". */
export function formatMinutes(minutes: number): string {
  return `${integerFormat.format(minutes)} ${minutes === 1 ? "minute" : "minutes"}`;
}

/** A workflow's minutes saved per run; a workflow without its own value shows the platform default. */
export function formatMinutesSavedPerRun(minutes: number | null, platformDefault: number): string {
  return minutes === null ? `default (${integerFormat.format(platformDefault)})` : integerFormat.format(minutes);
}
