import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { findInvoice } from "@/db/queries/billing";
import { InvoiceAdminActions } from "@/app/(admin)/admin/billing/_components/invoice-admin-actions";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { PrintButton } from "@/components/billing/print-button";
import { Card } from "@/components/ui/card";
import { focusRing } from "@/components/ui/focus-ring";
import { can, scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Invoice" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();

export default async function AdminInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePage("billing.view", `/admin/billing/invoices/${encodeURIComponent(id)}`);
  if (!idSchema.safeParse(id).success) notFound();

  const now = new Date();
  const isAdminViewer = can(viewer, "billing.manage");
  const invoice = await findInvoice(getDb(), { scope: scopeFor(viewer, "billing.view"), id, now, includeDrafts: isAdminViewer });
  if (!invoice) notFound();

  const canManage = can(viewer, "billing.manage", { companyId: invoice.companyId });
  const canPay = canManage && invoice.status === "open";
  const canVoid = canManage && (invoice.status === "open" || invoice.status === "draft");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3" data-print-hidden="">
        <Link
          href="/admin/billing"
          className={`inline-flex items-center gap-1 rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
        >
          <ChevronLeft aria-hidden className="size-4" />
          Billing
        </Link>
        <PrintButton label="Print invoice" />
      </div>
      <InvoiceDocument invoice={invoice} invoicesPath="/admin/billing/invoices" />
      {canManage ? (
        <div data-print-hidden="">
          <Card
            title="Payment"
            description={
              canPay || canVoid
                ? "Record what was received, or void the invoice."
                : invoice.status === "paid"
                  ? "This invoice is paid: there is nothing left to record, and a paid invoice cannot be voided."
                  : "This invoice is void: it can no longer be paid."
            }
          >
            <InvoiceAdminActions invoiceId={invoice.id} invoiceNumber={invoice.number} canPay={canPay} canVoid={canVoid} />
          </Card>
        </div>
      ) : null}
    </div>
  );
}
