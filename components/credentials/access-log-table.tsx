import type { CredentialAccessLogEntry } from "@/db/queries/credentials";
import { DateTime } from "@/components/ui/date-time";
import { Table, tableBodyClass, tableCellClass } from "@/components/ui/table";

// Names may be long: these cells wrap, unlike the kit's nowrap cells.
const wrapCellClass = "px-4 py-3 text-gray-700";

const actionLabels: Record<string, string> = {
  "credential.reveal": "Viewed the secret",
  "credential.create": "Added",
  "credential.rotate": "Replaced the secret",
  "credential.update": "Changed the name or service",
  "credential.delete": "Deleted",
};

function who(entry: CredentialAccessLogEntry): { name: string; detail: string } {
  const name = entry.actorName ?? entry.actorEmail ?? "A deleted account";
  const staff = entry.actorRole === "admin" || entry.actorRole === "se";
  const detail = [staff ? "Agency staff" : entry.actorRole === "client" ? "Your team" : null, entry.actorName ? entry.actorEmail : null]
    .filter(Boolean)
    .join(" · ");
  return { name, detail };
}

/** The company's credential access log: who did what to which credential, newest first. */
export function AccessLogTable({ entries }: { entries: readonly CredentialAccessLogEntry[] }) {
  return (
    <Table caption="Credential access log, newest first" columns={["When", "Who", "What", "Credential"]}>
      <tbody className={tableBodyClass}>
        {entries.map((entry) => {
          const actor = who(entry);
          const reveal = entry.action === "credential.reveal";
          return (
            <tr key={entry.id} data-testid="access-log-entry" data-action={entry.action}>
              <td className={tableCellClass}>
                <DateTime value={entry.at} />
              </td>
              <td className={wrapCellClass}>
                <span className="font-medium text-gray-900">{actor.name}</span>
                {actor.detail ? <span className="block text-xs text-gray-600">{actor.detail}</span> : null}
              </td>
              <td className={reveal ? "whitespace-nowrap px-4 py-3 font-semibold text-gray-900" : tableCellClass}>
                {actionLabels[entry.action] ?? entry.action}
              </td>
              <td className={wrapCellClass}>{entry.credentialName ?? "–"}</td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
