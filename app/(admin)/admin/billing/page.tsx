import type { Metadata } from "next";
import { CreditCard } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPage() {
  await requirePage("billing.view", "/admin/billing");

  return (
    <>
      <PageHeader title="Billing" description="Plans, monthly usage per company, invoices and revenue." />
      <EmptyState
        icon={CreditCard}
        title="Billing will appear here"
        text="Plans, each company's usage for a month, and the invoices issued from it will be shown here."
      />
    </>
  );
}
