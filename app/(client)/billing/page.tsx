import type { Metadata } from "next";
import { CreditCard } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/guards";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPage() {
  await requirePage("billing.view", "/billing");

  return (
    <>
      <PageHeader title="Billing" description="Your plan, this month's usage against what it includes, and your invoices." />
      <EmptyState
        icon={CreditCard}
        title="Billing will appear here"
        text="Your plan, this month's usage against the runs it includes, and your invoices will be shown here."
      />
    </>
  );
}
