import type { ReactNode } from "react";
import type { CredentialListItem } from "@/db/queries/credentials";
import { DateTime } from "@/components/ui/date-time";
import { Table, tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";
import { MaskedSecret } from "./masked-secret";

// Names and services may be long: these cells wrap, unlike the kit's nowrap cells.
const wrapCellClass = "px-4 py-3 text-gray-700";

/**
 * A company's credentials, masked: the client's list and the staff card share it.
 * `secretCell` replaces the masked value (the staff Reveal); `actions` adds a last column.
 */
export function CredentialsTable({
  caption,
  credentials,
  secretCell,
  actions,
}: {
  caption: string;
  credentials: readonly CredentialListItem[];
  secretCell?: (credential: CredentialListItem) => ReactNode;
  actions?: (credential: CredentialListItem) => ReactNode;
}) {
  return (
    <Table caption={caption}>
      <thead className={tableHeadClass}>
        <tr>
          <th scope="col" className={tableHeaderCellClass}>
            Name
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Service
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Secret
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Added
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Last replaced
          </th>
          <th scope="col" className={tableHeaderCellClass}>
            Last viewed by the agency
          </th>
          {actions ? (
            <th scope="col" className={tableHeaderCellClass}>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className={tableBodyClass}>
        {credentials.map((credential) => (
          <tr key={credential.id} data-credential-id={credential.id}>
            <th scope="row" className="min-w-40 px-4 py-3 font-medium text-gray-900">
              {credential.name}
            </th>
            <td className={wrapCellClass}>{credential.service}</td>
            <td className={tableCellClass} data-testid="credential-secret">
              {secretCell ? secretCell(credential) : <MaskedSecret hint={credential.hint} />}
            </td>
            <td className={tableCellClass}>
              <DateTime value={credential.createdAt} />
            </td>
            <td className={tableCellClass}>
              <DateTime value={credential.rotatedAt} fallback="Never" />
            </td>
            <td className={tableCellClass} data-testid="credential-last-viewed">
              {credential.lastAccessedAt ? (
                <>
                  {credential.lastAccessedByName ?? "A former staff member"}
                  <span className="block text-xs text-gray-600">
                    <DateTime value={credential.lastAccessedAt} />
                  </span>
                </>
              ) : (
                "Never"
              )}
            </td>
            {actions ? <td className="whitespace-nowrap px-4 py-3">{actions(credential)}</td> : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
