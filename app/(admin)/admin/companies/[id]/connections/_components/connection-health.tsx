import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ConnectionListItem } from "@/db/queries/connections";

// How a connection is doing, in the words the company card and the connection page share.

export type ConnectionHealth = Pick<
  ConnectionListItem,
  "status" | "lastSyncAt" | "nextSyncAt" | "runsImported" | "lastError" | "lastErrorAt" | "consecutiveFailures"
>;

export const formatCount = (value: number) => value.toLocaleString("en-US");

/** The last error is news only when it came after the last successful sync. */
export function errorIsCurrent(connection: ConnectionHealth): boolean {
  if (!connection.lastError || !connection.lastErrorAt) return false;
  return connection.lastSyncAt === null || connection.lastErrorAt > connection.lastSyncAt;
}

/** Active or paused, and "Failing" beside it while syncs keep failing. */
export function ConnectionStatusBadges({ connection }: { connection: Pick<ConnectionHealth, "status" | "consecutiveFailures"> }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <StatusBadge status={connection.status} />
      {connection.consecutiveFailures > 0 ? <StatusBadge status="failed" label="Failing" /> : null}
    </span>
  );
}

/** One or two lines for a list: last successful sync, runs imported, and a current error. */
export function ConnectionHealthSummary({ connection }: { connection: ConnectionHealth }) {
  return (
    <div className="space-y-1 text-sm text-gray-700">
      <p>
        Last successful sync: <DateTime value={connection.lastSyncAt} fallback="never" />
        <span aria-hidden> · </span>
        <span className="sr-only">, </span>
        Runs imported: {formatCount(connection.runsImported)}
      </p>
      {errorIsCurrent(connection) ? (
        <p className="break-words text-red-800">
          Last error, <DateTime value={connection.lastErrorAt} />: {connection.lastError}
        </p>
      ) : null}
    </div>
  );
}

function NextSync({ connection, archived, now }: { connection: ConnectionHealth; archived: boolean; now: Date }) {
  if (archived) return <span>None while the company is archived</span>;
  if (connection.status === "paused") return <span>None while paused</span>;
  if (connection.nextSyncAt <= now) return <span>Due now (within seconds)</span>;
  return <DateTime value={connection.nextSyncAt} />;
}

/** The connection page's health panel: every figure the sync keeps. */
export function ConnectionHealthPanel({
  connection,
  archived,
  now,
}: {
  connection: ConnectionHealth & Pick<ConnectionListItem, "baseUrl" | "apiKeyHint">;
  archived: boolean;
  now: Date;
}) {
  const current = errorIsCurrent(connection);
  return (
    <DescriptionList
      items={[
        { term: "Status", value: <ConnectionStatusBadges connection={connection} /> },
        { term: "Base URL", value: <code className="break-all font-mono text-gray-900">{connection.baseUrl}</code> },
        {
          term: "API key",
          value: connection.apiKeyHint ? <code className="font-mono text-gray-900">…{connection.apiKeyHint}</code> : "Stored",
        },
        { term: "Last successful sync", value: <DateTime value={connection.lastSyncAt} fallback="Never" /> },
        { term: "Next sync", value: <NextSync connection={connection} archived={archived} now={now} /> },
        { term: "Runs imported", value: <span data-testid="runs-imported">{formatCount(connection.runsImported)}</span> },
        {
          term: "Last error",
          value:
            connection.lastError && connection.lastErrorAt ? (
              <span className={current ? "text-red-800" : undefined}>
                {connection.lastError}{" "}
                <span className="text-gray-600">
                  (<DateTime value={connection.lastErrorAt} />
                  {current ? "" : ", before the last successful sync"})
                </span>
              </span>
            ) : (
              "None"
            ),
        },
        { term: "Consecutive failures", value: formatCount(connection.consecutiveFailures) },
      ]}
    />
  );
}
