"use client";

import { recordPaymentAction, voidInvoiceAction } from "@/app/(admin)/admin/billing/actions";
import { PAYMENT_REFERENCE_MAX, VOID_REASON_MAX } from "@/app/(admin)/admin/billing/schema";
import { useCommandForm } from "@/components/forms/use-command-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SelectField, SubmitButton, TextField } from "@/components/ui/form";
import { paymentMethodLabels } from "@/components/billing/billing-format";

const methodOptions = Object.entries(paymentMethodLabels).map(([value, label]) => ({ value, label }));

/**
 * Admin only: record a payment on an open invoice (mocked: nothing is charged, this notes
 * what was received), or void an open or draft invoice with a reason.
 */
export function InvoiceAdminActions({
  invoiceId,
  invoiceNumber,
  canPay,
  canVoid,
}: {
  invoiceId: string;
  invoiceNumber: string;
  canPay: boolean;
  canVoid: boolean;
}) {
  const version = `${canPay}:${canVoid}`;
  const pay = useCommandForm(recordPaymentAction, { version });
  const cancel = useCommandForm(voidInvoiceAction, { version });
  const voidErrors = cancel.result && !cancel.result.ok ? (cancel.result.fieldErrors?.reason ?? []) : [];

  return (
    <div className="grid gap-8 md:grid-cols-2" data-print-hidden="">
      {canPay ? (
        <form key={pay.formKey} action={pay.formAction} noValidate className="space-y-4">
          <h3 className="text-sm font-semibold text-gray-900">Record a payment</h3>
          <p className="text-sm text-gray-700">
            Note a payment the agency has received. Nothing is charged: no payment provider is involved.
          </p>
          <input type="hidden" name="id" value={invoiceId} />
          <SelectField
            label="Payment method"
            name="method"
            options={methodOptions}
            defaultValue={pay.valueOf("method", "bank_transfer")}
            result={pay.result}
          />
          <TextField
            label="Reference"
            name="reference"
            required
            maxLength={PAYMENT_REFERENCE_MAX}
            autoComplete="off"
            hint="The bank transfer's reference, a receipt number or a short note."
            defaultValue={pay.valueOf("reference", "")}
            result={pay.result}
          />
          <FormMessage result={pay.result} />
          <SubmitButton pendingText="Recording…">Record payment</SubmitButton>
        </form>
      ) : (
        <FormMessage result={pay.result} />
      )}
      {canVoid ? (
        <div className="space-y-4">
          <h3 className="text-sm font-semibold text-gray-900">Void the invoice</h3>
          <p className="text-sm text-gray-700">
            A void invoice is no longer owed and cannot be paid, and this month cannot be invoiced again for the company.
          </p>
          {voidErrors.length > 0 ? <p className="text-sm text-red-700">{voidErrors.join(" ")}</p> : null}
          <FormMessage result={cancel.result} />
          <ConfirmDialog
            trigger="Void invoice"
            title={`Void invoice ${invoiceNumber}?`}
            body={<p>The invoice stays on record as void, with the reason you give. This cannot be undone.</p>}
            confirmLabel="Void invoice"
            formAction={cancel.formAction}
            hiddenFields={{ id: invoiceId }}
          >
            <label htmlFor="void-reason" className="block text-sm font-medium text-gray-800">
              Reason
            </label>
            <textarea
              id="void-reason"
              name="reason"
              required
              maxLength={VOID_REASON_MAX}
              rows={3}
              className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30"
            />
          </ConfirmDialog>
        </div>
      ) : (
        <FormMessage result={cancel.result} />
      )}
    </div>
  );
}
