import Link from "next/link";
import { Loader } from "lucide-react";
import type { RunningExecution } from "@/db/queries/executions";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { focusRing } from "@/components/ui/focus-ring";
import { LiveRefresh } from "@/components/realtime/live-refresh";

/** The company's runs in progress, kept current over its realtime channel. */
export function RunningNow({ runs, channel }: { runs: RunningExecution[]; channel: string }) {
  return (
    <Card title="Running now" description="Runs in progress at this moment; the list follows them live.">
      <LiveRefresh channel={channel} event="run.updated" />
      {runs.length === 0 ? (
        <p className="text-sm text-gray-600" data-testid="running-now-empty">
          Nothing is running right now. New runs show up here the moment they start.
        </p>
      ) : (
        <ul aria-label="Runs in progress" className="divide-y divide-gray-100" data-testid="running-now">
          {runs.map((run) => (
            <li key={run.id} data-execution-id={run.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <Link prefetch={false} href={`/workflows/${run.workflowId}`} className={`font-medium text-indigo-700 hover:underline ${focusRing}`}>
                {run.workflowName}
              </Link>
              <span className="flex items-center gap-2 text-gray-600">
                <Loader aria-hidden className="size-4 motion-safe:animate-spin" />
                <Link prefetch={false} href={`/workflows/${run.workflowId}/runs/${run.id}`} className={`rounded-sm text-indigo-700 hover:underline ${focusRing}`}>
                  started <DateTime value={run.startedAt} />
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
