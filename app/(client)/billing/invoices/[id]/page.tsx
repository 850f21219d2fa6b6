import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { z } from "zod";
import { findInvoice } from "@/db/queries/billing";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { PrintButton } from "@/components/billing/print-button";
import { focusRing } from "@/components/ui/focus-ring";
import { scopeFor } from "@/lib/authz";
import { requirePage } from "@/lib/guards";
import { clientAreaReads } from "@/lib/tenant-reads";
import { requestLocale } from "../../locale";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Invoice" };
export const dynamic = "force-dynamic";

const idSchema = z.guid();

/** One of the company's invoices, as a document that prints cleanly. */
export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePage("billing.view", `/billing/invoices/${encodeURIComponent(id)}`);
  if (!idSchema.safeParse(id).success) notFound();

  const [invoice, locale] = await Promise.all([
    findInvoice(clientAreaReads(viewer), { scope: scopeFor(viewer, "billing.view"), id, now: new Date() }),
    requestLocale(),
  ]);
  if (!invoice) notFound();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3" data-print-hidden="">
        <Link
          href="/billing"
          className={`inline-flex items-center gap-1 rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
        >
          <ChevronLeft aria-hidden className="size-4" />
          Billing
        </Link>
        <PrintButton label="Print invoice" />
      </div>
      <InvoiceDocument invoice={invoice} locale={locale} invoicesPath="/billing/invoices" />
    </div>
  );
}
