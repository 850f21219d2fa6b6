"use client";

import { archiveCompanyAction, restoreCompanyAction } from "@/app/(admin)/admin/companies/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton } from "@/components/ui/form";

/** Admin only: archive behind a confirmation, or restore an archived company. */
export function CompaniesArchiveControl({
  companyId,
  companyName,
  archived,
}: {
  companyId: string;
  companyName: string;
  archived: boolean;
}) {
  const archive = useCommandForm(archiveCompanyAction, { version: `archived:${archived}` });
  const restore = useCommandForm(restoreCompanyAction, { version: `archived:${archived}` });

  if (archived) {
    return (
      <form action={restore.formAction} className="space-y-3">
        <input type="hidden" name="id" value={companyId} />
        <p className="text-sm text-gray-700">
          Restoring makes {companyName} active again and returns it to its SE&apos;s companies.
        </p>
        <FormMessage result={restore.result} />
        <SubmitButton pendingText="Restoring…">Restore company</SubmitButton>
      </form>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-gray-700">
        Archiving takes {companyName} out of its SE&apos;s companies and freezes its profile, plan and SE until an admin
        restores it. Its users keep their accounts: deactivate them on the Users page if they should no longer sign in.
      </p>
      <FormMessage result={archive.result} />
      <ConfirmDialog
        trigger="Archive company"
        title={`Archive ${companyName}?`}
        body={
          <p>
            {companyName} will be marked archived and leave its SE&apos;s companies. You can restore it later from this page.
          </p>
        }
        confirmLabel="Archive"
        formAction={archive.formAction}
        hiddenFields={{ id: companyId }}
      />
    </div>
  );
}
