import { KeyRound } from "lucide-react";
import type { CredentialListItem } from "@/db/queries/credentials";
import { CredentialsTable } from "@/components/credentials/credentials-table";
import { RevealSecret } from "./reveal-secret";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * The company's credentials, masked, on /admin/companies/[id], with a Reveal per row for
 * those who may reveal them (admins, the company's SE). The page loads the rows and
 * decides `canReveal`:
 *
 *   const credentials = await listCredentials(db, { scope: scopeFor(viewer, "credentials.list"), companyId: company.id });
 *   <CompanyCredentialsCard
 *     companyName={company.name}
 *     canReveal={can(viewer, "credentials.reveal", { companyId: company.id })}
 *     credentials={credentials}
 *   />
 *
 * The rows hold no secret material; the reveal action checks the scope again.
 */
export function CompanyCredentialsCard({
  companyName,
  canReveal,
  credentials,
}: {
  companyName: string;
  canReveal: boolean;
  credentials: readonly CredentialListItem[];
}) {
  return (
    <Card
      title="Credentials"
      description={
        canReveal
          ? `Secrets ${companyName} stored for its automations. Revealing one is logged, and the company's users are notified.`
          : `Secrets ${companyName} stored for its automations, masked.`
      }
    >
      {credentials.length === 0 ? (
        <EmptyState
          icon={KeyRound}
          headingLevel={3}
          title="No credentials yet"
          text={`${companyName}'s users add the API keys and passwords their workflows need on their Credentials page.`}
        />
      ) : (
        <CredentialsTable
          caption={`Credentials of ${companyName}`}
          credentials={credentials}
          secretCell={
            canReveal ? (credential) => <RevealSecret credentialId={credential.id} name={credential.name} hint={credential.hint} /> : undefined
          }
        />
      )}
    </Card>
  );
}
