// Statuses are always spelled out; the colour only repeats what the word says.
export type Tone = "success" | "danger" | "warning" | "info" | "neutral";

const toneClasses: Record<Tone, { badge: string; dot: string }> = {
  success: { badge: "bg-emerald-50 text-emerald-800 ring-emerald-600/20", dot: "bg-emerald-600" },
  danger: { badge: "bg-rose-50 text-rose-800 ring-rose-600/20", dot: "bg-rose-600" },
  warning: { badge: "bg-amber-50 text-amber-900 ring-amber-600/30", dot: "bg-amber-600" },
  info: { badge: "bg-indigo-50 text-indigo-800 ring-indigo-600/20", dot: "bg-indigo-600" },
  neutral: { badge: "bg-gray-100 text-gray-800 ring-gray-500/20", dot: "bg-gray-500" },
};

// Company, workflow and run statuses share one vocabulary of tones.
const statusTones: Record<string, Tone> = {
  active: "success",
  succeeded: "success",
  failed: "danger",
  paused: "warning",
  running: "info",
  onboarding: "info",
  cancelled: "neutral",
  archived: "neutral",
};

function labelFor(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1).replaceAll("_", " ");
}

/** `tone` overrides the status's own tone, for vocabularies beyond the shared one (alerts). */
export function StatusBadge({ status, label, tone: toneName }: { status: string; label?: string; tone?: Tone }) {
  const tone = toneClasses[toneName ?? statusTones[status] ?? "neutral"];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${tone.dot}`} />
      {label ?? labelFor(status)}
    </span>
  );
}
