import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Inbox } from "lucide-react";
import { getDb } from "@/db";
import { listDevMail } from "@/db/queries/mailbox";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";
import { devMailboxEnabled } from "@/lib/mail";

export const metadata: Metadata = { title: "Mailbox" };
export const dynamic = "force-dynamic";

/**
 * The development mailbox (issue 15): mail Nexus kept instead of sending, because no SMTP
 * server is configured. Admins only, and only where it is enabled (lib/mail.ts); anywhere
 * else the page does not exist.
 */
export default async function MailboxPage() {
  await requirePage("platformSettings.manage", "/admin/mailbox");
  if (!devMailboxEnabled()) notFound();
  const mails = await listDevMail(getDb());

  return (
    <>
      <PageHeader
        title="Mailbox"
        description="Mail kept here instead of sent, because no SMTP server is configured (SMTP_URL). Newest first; the latest 100."
      />
      {mails.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No mail yet"
          text="Alert emails and other mail Nexus sends will be kept here while no SMTP server is configured."
        />
      ) : (
        <ol aria-label="Mail, newest first" className="space-y-4" data-testid="mailbox">
          {mails.map((mail) => (
            <li key={mail.id}>
              <article aria-labelledby={`mail-${mail.id}`} className="rounded-lg border border-gray-200 bg-white shadow-sm" data-testid="mail">
                <header className="flex flex-col gap-1 border-b border-gray-200 px-5 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                  <div className="min-w-0">
                    <h2 id={`mail-${mail.id}`} className="break-words text-base font-semibold text-gray-900">
                      {mail.subject}
                    </h2>
                    <p className="mt-0.5 break-all text-sm text-gray-700">
                      <span className="font-medium text-gray-600">To </span>
                      {mail.to}
                    </p>
                  </div>
                  <p className="shrink-0 text-sm text-gray-600">
                    <DateTime value={mail.createdAt} />
                  </p>
                </header>
                <pre className="overflow-x-auto whitespace-pre-wrap break-words px-5 py-4 font-mono text-sm text-gray-800">{mail.text}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
