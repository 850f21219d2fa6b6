import Link from "next/link";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";
import type { ConnectionListItem } from "@/db/queries/connections";
import { AddConnectionForm } from "./add-connection-form";
import { ConnectionHealthSummary, ConnectionStatusBadges } from "./connection-health";

/** The company page's card: the company's n8n connections and, while it is open, the form that adds one. */
export function ConnectionsCard({
  companyId,
  connections,
  archived,
}: {
  companyId: string;
  connections: readonly ConnectionListItem[];
  archived: boolean;
}) {
  return (
    <Card
      title="n8n connections"
      description="Nexus reads the runs of the n8n workflows you choose, about once a minute, with an API key of the company's n8n."
    >
      <div className="space-y-5">
        {connections.length === 0 ? (
          <p className="text-sm text-gray-700">
            No n8n connections yet.{archived ? "" : " Add one below to import this company's workflow runs from n8n."}
          </p>
        ) : (
          <ul className="divide-y divide-gray-200" aria-label="n8n connections">
            {connections.map((connection) => (
              <li key={connection.id} className="space-y-1 py-3 first:pt-0">
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Link
                    href={`/admin/companies/${companyId}/connections/${connection.id}`}
                    className={`rounded-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline ${focusRing}`}
                  >
                    {connection.name}
                  </Link>
                  <ConnectionStatusBadges connection={connection} />
                </p>
                <p className="break-all font-mono text-xs text-gray-700">{connection.baseUrl}</p>
                <ConnectionHealthSummary connection={connection} />
              </li>
            ))}
          </ul>
        )}
        {archived ? (
          <p className="border-t border-gray-200 pt-4 text-sm text-gray-700">
            The company is archived: its connections no longer sync and no new one can be added.
          </p>
        ) : (
          <div className="border-t border-gray-200 pt-4">
            <h3 className="text-sm font-semibold text-gray-900">Add a connection</h3>
            <p className="mt-0.5 text-sm text-gray-600">
              In n8n, create an API key under Settings → n8n API. Test it here before you connect.
            </p>
            <div className="mt-4">
              <AddConnectionForm companyId={companyId} />
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}
