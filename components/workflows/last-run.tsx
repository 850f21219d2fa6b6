import type { ExecutionStatus } from "@/db/schema";
import { DateTime } from "@/components/ui/date-time";
import { StatusBadge } from "@/components/ui/status-badge";

/** A workflow's last run: its status in words and when it started, or "No runs yet". */
export function LastRun({ status, at }: { status: ExecutionStatus | null; at: Date | null }) {
  if (!status) return <span className="text-gray-600">No runs yet</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <StatusBadge status={status} />
      <span className="text-gray-600">
        <DateTime value={at} fallback="Time unknown" />
      </span>
    </span>
  );
}
