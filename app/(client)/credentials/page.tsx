import type { Metadata } from "next";
import Link from "next/link";
import { History, KeyRound } from "lucide-react";
import { getDb } from "@/db";
import { AccessLogTable } from "@/components/credentials/access-log-table";
import { CredentialCreateForm } from "@/app/(client)/credentials/_components/credential-create-form";
import { CredentialRowActions } from "@/app/(client)/credentials/_components/credential-row-actions";
import { CredentialsTable } from "@/components/credentials/credentials-table";
import { LiveRefresh } from "@/components/realtime/live-refresh";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { focusRing } from "@/components/ui/focus-ring";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requirePage } from "@/lib/guards";
import { channels } from "@/lib/realtime";
import { loadCredentialsPage } from "./data";

export const metadata: Metadata = { title: "Credentials" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function pageOf(value: string | string[] | undefined): number {
  const page = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(page) && page > 1 && page <= 10_000 ? page : 1;
}

const logHref = (page: number) => (page > 1 ? `/credentials?log=${page}#access-log` : "/credentials#access-log");

export default async function CredentialsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePage("credentials.list", "/credentials");
  const logPage = pageOf((await searchParams).log);
  // The owner connection, scoped by the data layer: the access log names the agency staff
  // who revealed a secret, and row-level security hides staff users from a client's scope
  // (lib/tenant-reads.ts serves the area's other pages).
  const { canWrite, credentials, accessLog } = await loadCredentialsPage(getDb(), viewer, { logPage });

  return (
    <>
      {/* a staff reveal notifies this user: show its "last viewed" and log entry without a reload */}
      <LiveRefresh channel={channels.user(viewer.id)} event="notification.created" />
      <PageHeader
        title="Credentials"
        description="The secrets your automations use to reach your services. They are stored encrypted and always shown masked."
      />
      <div className="space-y-6">
        <Card
          title="Your credentials"
          description="The agency's staff can view a secret when a workflow needs it: you are notified each time, and every view is in the access log below."
        >
          {credentials.length === 0 ? (
            <EmptyState
              icon={KeyRound}
              headingLevel={3}
              title="No credentials yet"
              text="Add the API keys, tokens and passwords your automations need, and the agency can connect your workflows without anyone emailing secrets."
            />
          ) : (
            <CredentialsTable
              caption="Your credentials"
              credentials={credentials}
              actions={
                canWrite
                  ? (credential) => (
                      <CredentialRowActions credential={{ id: credential.id, name: credential.name, service: credential.service }} />
                    )
                  : undefined
              }
            />
          )}
        </Card>

        {canWrite ? (
          <Card title="Add credential" description="Only its last four characters are ever shown again, here and to the agency.">
            <CredentialCreateForm />
          </Card>
        ) : null}

        <div id="access-log" className="scroll-mt-6">
          <Card title="Access log" description="Every view of a secret by the agency's staff, and every change to your credentials, newest first.">
            {accessLog.entries.length === 0 ? (
              <EmptyState
                icon={History}
                headingLevel={3}
                title={accessLog.page > 1 ? "No older entries" : "Nothing logged yet"}
                text={
                  accessLog.page > 1 ? (
                    <Link prefetch={false} href={logHref(1)} className={`rounded-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}>
                      Back to the newest entries
                    </Link>
                  ) : (
                    "When someone adds, replaces or deletes a credential, or the agency views a secret, it is listed here."
                  )
                }
              />
            ) : (
              <>
                <AccessLogTable entries={accessLog.entries} />
                {accessLog.page > 1 || accessLog.hasNext ? (
                  <Pagination page={accessLog.page} hasNext={accessLog.hasNext} hrefFor={logHref} />
                ) : null}
              </>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
