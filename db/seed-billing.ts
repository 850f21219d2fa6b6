import { addMonths, invoiceAmounts, monthOf, monthStart } from "@/lib/billing";
import type { Queryable } from "./client";
import { dueDateFor, insertInvoices, invoiceNumber, listBillableCompanies, type NewInvoice } from "./queries/billing";
import { stableId } from "./seed-data";

const DAY_MS = 24 * 60 * 60 * 1000;

const PAYMENT_METHODS = ["bank_transfer", "card", "bank_transfer", "other"] as const;

/**
 * Past invoices for the demo (PRODUCT.md §8): for every billed company, the three months
 * before the last ended one, computed from the seeded rollups so they match the usage
 * screens. The last ended month is left to be issued from /admin/billing. The two older
 * months are paid; the latest is open, and one company's is overdue. Idempotent: ids and
 * numbers derive from company and month, and rows go in with ON CONFLICT DO NOTHING.
 */
export async function seedBilling(db: Queryable, { now = new Date() }: { now?: Date } = {}): Promise<void> {
  const lastEnded = addMonths(monthOf(now), -1);
  const months = [addMonths(lastEnded, -3), addMonths(lastEnded, -2), addMonths(lastEnded, -1)];
  const latest = months[months.length - 1];
  // the company whose latest invoice was issued on time and is now overdue
  const overdueCompany = stableId("company:brightside");

  const rows: NewInvoice[] = [];
  for (const month of months) {
    const companies = await listBillableCompanies(db, { scope: { kind: "all" }, month });
    companies.forEach((company, index) => {
      const number = invoiceNumber(month, company.companyId);
      // issued on the morning of the 2nd of the following month
      const onTime = new Date(monthStart(addMonths(month, 1)).getTime() + DAY_MS + 9 * 60 * 60 * 1000);
      const base: NewInvoice = {
        id: stableId(`invoice:${company.companyId}:${month}`),
        number,
        companyId: company.companyId,
        planId: company.planId,
        month,
        status: "open",
        currency: company.currency,
        ...invoiceAmounts(company, company.billableRuns),
      };
      if (month !== latest) {
        rows.push({
          ...base,
          status: "paid",
          issuedAt: onTime,
          dueAt: dueDateFor(onTime),
          paidAt: new Date(onTime.getTime() + (3 + (index % 8)) * DAY_MS),
          paymentMethod: PAYMENT_METHODS[index % PAYMENT_METHODS.length] ?? "other",
          paymentReference: `MOCK-${number}`,
        });
      } else if (company.companyId === overdueCompany) {
        rows.push({ ...base, issuedAt: onTime, dueAt: dueDateFor(onTime) });
      } else {
        // issued late (three days ago), so still within its payment terms
        const late = new Date(now.getTime() - 3 * DAY_MS);
        rows.push({ ...base, issuedAt: late, dueAt: dueDateFor(late) });
      }
    });
  }
  await insertInvoices(db, rows);
}
