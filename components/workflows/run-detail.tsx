import Link from "next/link";
import { ArrowLeft, ArrowRight, ExternalLink } from "lucide-react";
import type { ExecutionDetail, NeighbourRun } from "@/db/queries/executions";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { focusRing } from "@/components/ui/focus-ring";
import { StatusBadge } from "@/components/ui/status-badge";
import type { RunHistoryEntry } from "@/lib/run-view";
import { formatDuration, formatMinutes } from "./workflow-format";
import { platformLabels } from "./workflow-labels";

const link = `rounded-sm font-medium text-indigo-700 hover:underline ${focusRing}`;

function minutesSaved(run: ExecutionDetail): string {
  if (run.status === "succeeded") return formatMinutes(run.minutesSaved ?? 0);
  if (run.status === "running") return "Counted when it succeeds";
  return "None (only succeeded runs save time)";
}

/**
 * One run, for staff (/admin/executions/[id]) and for the company's clients
 * (/workflows/[id]/runs/[runId]): the pages load and authorize, this renders.
 */
export function RunDetail({
  run,
  history,
  engineUrl,
  neighbours,
  workflowHref,
  runHref,
  showCompany,
}: {
  run: ExecutionDetail;
  history: readonly RunHistoryEntry[];
  /** the run's page in its engine, when Nexus knows it */
  engineUrl: string | null;
  neighbours: { older: NeighbourRun | null; newer: NeighbourRun | null };
  workflowHref: string;
  /** where another run of this area is shown */
  runHref: (id: string) => string;
  showCompany: boolean;
}) {
  const platform = platformLabels[run.workflowPlatform];
  return (
    <div className="space-y-6" data-execution-id={run.id}>
      <Card title="Summary">
        <DescriptionList
          items={[
            {
              term: "Status",
              value: (
                <span data-testid="run-status">
                  <StatusBadge status={run.status} />
                </span>
              ),
            },
            {
              term: "Workflow",
              value: (
                <Link prefetch={false} href={workflowHref} className={link}>
                  {run.workflowName}
                </Link>
              ),
            },
            ...(showCompany ? [{ term: "Company", value: run.companyName }] : []),
            { term: "Started", value: <DateTime value={run.startedAt} /> },
            { term: "Finished", value: <DateTime value={run.finishedAt} fallback={run.status === "running" ? "Not yet" : "Not reported"} /> },
            { term: "Duration", value: <span data-testid="run-duration">{run.finishedAt ? formatDuration(run.durationMs) : "Still running"}</span> },
            { term: "Minutes saved", value: minutesSaved(run) },
            {
              term: "Engine's run id",
              value: <code className="break-all rounded bg-gray-100 px-1.5 py-0.5 font-mono text-xs text-gray-900">{run.externalId}</code>,
            },
            {
              term: "In the engine",
              value: engineUrl ? (
                <a href={engineUrl} target="_blank" rel="noopener noreferrer" className={`inline-flex items-center gap-1 ${link}`} data-testid="engine-link">
                  Open this run in {platform}
                  <ExternalLink aria-hidden className="size-4" />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              ) : (
                <span className="text-gray-600">No link: Nexus links the runs of a connected n8n</span>
              ),
            },
          ]}
        />
      </Card>

      {run.status === "failed" ? (
        <Card title="Error" description="The message the engine reported, in full." actions={run.errorMessage ? <CopyButton text={run.errorMessage} label="Copy error" /> : undefined}>
          {run.errorMessage ? (
            <pre
              data-testid="run-error"
              className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md bg-gray-50 p-3 font-mono text-sm text-gray-900 ring-1 ring-inset ring-gray-200"
            >
              {run.errorMessage}
            </pre>
          ) : (
            <p className="text-sm text-gray-600">The engine reported this failure without a message.</p>
          )}
        </Card>
      ) : null}

      <Card
        title="Status history"
        description="As Nexus saw it. Start and finish are the engine's times; the reports are when they reached Nexus, each one that changed the run."
      >
        <ol className="space-y-3" aria-label="Status history" data-testid="run-history">
          {history.map((entry, index) => (
            // the history is in a fixed order, oldest first; two entries may share a moment
            <li key={`${index}-${entry.at.toISOString()}`} className="flex flex-col gap-1 text-sm sm:flex-row sm:items-center sm:gap-3">
              <span className="shrink-0 text-gray-600 sm:w-52">
                <DateTime value={entry.at} />
              </span>
              <span className="flex flex-wrap items-center gap-2 text-gray-900">
                {entry.label}
                {entry.status ? <StatusBadge status={entry.status} /> : null}
              </span>
            </li>
          ))}
        </ol>
      </Card>

      <nav aria-label="Neighbouring runs" className="grid gap-3 sm:grid-cols-2">
        <NeighbourLink direction="older" run={neighbours.older} href={neighbours.older ? runHref(neighbours.older.id) : null} />
        <NeighbourLink direction="newer" run={neighbours.newer} href={neighbours.newer ? runHref(neighbours.newer.id) : null} />
      </nav>
    </div>
  );
}

function NeighbourLink({ direction, run, href }: { direction: "older" | "newer"; run: NeighbourRun | null; href: string | null }) {
  const title = direction === "older" ? "Previous run" : "Next run";
  const Icon = direction === "older" ? ArrowLeft : ArrowRight;
  const box = "flex items-center gap-3 rounded-lg border border-gray-200 bg-white px-4 py-3 text-sm shadow-sm";
  if (!run || !href) {
    return (
      <div className={`${box} text-gray-600 ${direction === "newer" ? "sm:justify-end" : ""}`}>
        {direction === "older" ? "No earlier run of this workflow" : "No later run of this workflow yet"}
      </div>
    );
  }
  return (
    <Link
      prefetch={false}
      href={href}
      rel={direction === "older" ? "prev" : "next"}
      className={`${box} hover:bg-gray-50 ${focusRing} ${direction === "newer" ? "sm:flex-row-reverse sm:text-right" : ""}`}
    >
      <Icon aria-hidden className="size-4 shrink-0 text-gray-500" />
      <span className="min-w-0">
        <span className="block font-medium text-indigo-700">{title}</span>
        <span className="flex flex-wrap items-center gap-2 text-gray-600">
          <DateTime value={run.startedAt} />
          <StatusBadge status={run.status} />
        </span>
      </span>
    </Link>
  );
}
