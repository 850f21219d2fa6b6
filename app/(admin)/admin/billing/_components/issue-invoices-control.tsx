"use client";

import { issueInvoicesAction } from "@/app/(admin)/admin/billing/actions";
import { useCommandForm } from "@/components/forms/use-command-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form";

/**
 * Admin only: issue the invoices of an ended month, behind a confirmation. Issuing again
 * only adds the invoices still missing, so a second click is harmless.
 */
export function IssueInvoicesControl({
  month,
  monthLabel,
  companiesToBill,
  paymentDays,
}: {
  /** "YYYY-MM" */
  month: string;
  monthLabel: string;
  /** companies with a plan in force and no invoice for the month yet */
  companiesToBill: number;
  /** the payment terms, in days */
  paymentDays: number;
}) {
  const { result, formAction } = useCommandForm(issueInvoicesAction, { version: month });
  return (
    <div className="flex flex-col items-start gap-2">
      <ConfirmDialog
        trigger={`Issue invoices for ${monthLabel}`}
        title={`Issue invoices for ${monthLabel}?`}
        body={
          <p>
            {companiesToBill === 1
              ? "1 company gets an invoice"
              : `${companiesToBill} companies get an invoice`}{" "}
            for {monthLabel}, from its plan and its billable runs, due in {paymentDays} days. Their clients are notified. Companies that
            already have an invoice for the month are skipped.
          </p>
        }
        confirmLabel="Issue invoices"
        variant="primary"
        formAction={formAction}
        hiddenFields={{ month }}
      />
      <FormMessage result={result} />
    </div>
  );
}
