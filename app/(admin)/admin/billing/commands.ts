import "server-only";
import type { Transaction } from "@/db/client";
import {
  dueDateFor,
  insertInvoices,
  invoiceNumber,
  listBillableCompanies,
  lockInvoice,
  lockInvoiceMonth,
  platformCurrency,
  updateInvoice,
  type InvoiceChanges,
  type InvoiceRecord,
  type NewInvoice,
} from "@/db/queries/billing";
import { insertPlan, isPlanNameTaken, lockPlan, updatePlan as writePlan, type PlanValues } from "@/db/queries/plans";
import { command, forbidden, invalid, type ActionResult, type AuthorizedContext } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { addMonths, invoiceAmounts, monthOf, monthStart } from "@/lib/billing";
import { storeCompanyNotification } from "@/lib/notify";
import { formatMoney } from "../companies/format";
import {
  createPlanSchema,
  issueInvoicesSchema,
  recordPaymentSchema,
  setPlanActiveSchema,
  updatePlanSchema,
  voidInvoiceSchema,
  type PaymentMethod,
} from "./schema";

// Billing commands (PRODUCT.md §1: plans and prices, issuing invoices and recording
// payments are admin-only, `billing.manage`). No payment provider is called: recording a
// payment notes what the agency received. Each write and its audit entry share one
// transaction; invoices load locked and answer 403 alike when missing or out of scope.

const CHECK_FIELDS = "Check the highlighted fields.";
const NAME_TAKEN = "Another plan already has this name.";
// invoices.total_cents is a Postgres integer
const MAX_INVOICE_CENTS = 2_147_483_647;

const conflict = (error: string): ActionResult<never> => ({ ok: false, status: 409, error });

const monthLabel = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const dayLabel = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/** "2026-10-01" → "October 2026" */
function formatBillingMonth(month: string): string {
  return monthLabel.format(monthStart(month));
}

const paymentMethodLabels: Record<PaymentMethod, string> = {
  bank_transfer: "bank transfer",
  card: "card",
  cash: "cash",
  other: "other",
};

/** The unique index refused the row: another request took the name meanwhile. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ("code" in current && current.code === "23505") return true;
  }
  return false;
}

// ---------------------------------------------------------------- plans

export const createPlan = command({
  capability: "billing.manage",
  schema: createPlanSchema,
  run: async (context, input): Promise<ActionResult<{ id: string }>> => {
    try {
      return await context.db.transaction(async (tx) => {
        if (await isPlanNameTaken(tx, { name: input.name })) return invalid(CHECK_FIELDS, { name: [NAME_TAKEN] });
        const values = {
          name: input.name,
          basePriceCents: input.basePrice,
          includedRuns: input.includedRuns,
          overagePriceCents: input.overagePrice,
          // plans are priced in the platform currency, so revenue adds up in one currency
          currency: await platformCurrency(tx),
        };
        const plan = await insertPlan(tx, values);
        await audit(tx, context, {
          action: "plan.create",
          targetType: "plan",
          targetId: plan.id,
          changes: changesBetween(null, { ...values, active: true }),
        });
        return { ok: true, message: `The plan ${plan.name} was created.`, data: { id: plan.id } };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return invalid(CHECK_FIELDS, { name: [NAME_TAKEN] });
      throw error;
    }
  },
});

export const updatePlan = command({
  capability: "billing.manage",
  schema: updatePlanSchema,
  run: async (context, input) => {
    try {
      return await context.db.transaction(async (tx): Promise<ActionResult> => {
        const plan = await lockPlan(tx, { id: input.id });
        if (!plan) return forbidden();
        if (await isPlanNameTaken(tx, { name: input.name, exceptId: plan.id })) {
          return invalid(CHECK_FIELDS, { name: [NAME_TAKEN] });
        }
        const values: PlanValues = {
          name: input.name,
          basePriceCents: input.basePrice,
          includedRuns: input.includedRuns,
          overagePriceCents: input.overagePrice,
        };
        const changes = changesBetween<PlanValues>(plan, values);
        if (Object.keys(changes).length === 0) return { ok: true, message: "Nothing to save: the plan is unchanged." };
        await writePlan(tx, { id: plan.id, values });
        await audit(tx, context, { action: "plan.update", targetType: "plan", targetId: plan.id, changes });
        // Issued invoices keep the prices they were issued with: only later ones change.
        return { ok: true, message: `${values.name} was saved. The new prices apply to invoices issued from now on.` };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return invalid(CHECK_FIELDS, { name: [NAME_TAKEN] });
      throw error;
    }
  },
});

/** Retire (no longer offered for new plan choices; companies on it stay) or reactivate. */
export const setPlanActive = command({
  capability: "billing.manage",
  schema: setPlanActiveSchema,
  run: (context, input) =>
    context.db.transaction(async (tx): Promise<ActionResult> => {
      const plan = await lockPlan(tx, { id: input.id });
      if (!plan) return forbidden();
      if (plan.active === input.active) {
        return conflict(input.active ? `${plan.name} is already active.` : `${plan.name} is already retired.`);
      }
      await writePlan(tx, { id: plan.id, values: { active: input.active } });
      await audit(tx, context, {
        action: input.active ? "plan.reactivate" : "plan.retire",
        targetType: "plan",
        targetId: plan.id,
        changes: changesBetween({ active: plan.active }, { active: input.active }),
      });
      return {
        ok: true,
        message: input.active
          ? `${plan.name} is active again and can be chosen for companies.`
          : `${plan.name} was retired: companies on it keep it, and it can no longer be chosen.`,
      };
    }),
});

// ---------------------------------------------------------------- issuing invoices

/**
 * Issues the invoices of an ended month: one per company not archived with a plan in
 * force for it, amounts computed once from the rollup and the plan's current prices and
 * stored. A company that already has the month's invoice is skipped, so issuing twice,
 * or from two requests at once, leaves one invoice each. Clients are notified after commit.
 */
export const issueInvoices = command({
  capability: "billing.manage",
  schema: issueInvoicesSchema,
  run: async (context, input): Promise<ActionResult<{ issued: number; existing: number }>> => {
    const now = new Date();
    const label = formatBillingMonth(input.month);
    if (input.month >= monthOf(now)) {
      const latest = formatBillingMonth(addMonths(monthOf(now), -1));
      const error = `${label} has not ended yet: invoices are issued once a month is over. The latest month you can invoice is ${latest}.`;
      return invalid(error, { month: [error] });
    }
    const scope = scopeFor(context.viewer, "billing.manage");
    const dueAt = dueDateFor(now);
    const outcome = await context.db.transaction(async (tx) => {
      await lockInvoiceMonth(tx, input.month);
      const billable = await listBillableCompanies(tx, { scope, month: input.month });
      const rows: NewInvoice[] = billable.map((company) => ({
        number: invoiceNumber(input.month, company.companyId, company.voidedCount),
        // a voided month is invoiced again: the new invoice names the one it replaces
        replacesInvoiceId: company.lastVoidedId,
        companyId: company.companyId,
        planId: company.planId,
        month: input.month,
        status: "open",
        currency: company.currency,
        ...invoiceAmounts(company, company.billableRuns),
        issuedAt: now,
        dueAt,
      }));
      const tooLarge = rows.find((row) => row.totalCents > MAX_INVOICE_CENTS);
      if (tooLarge) return { tooLarge: tooLarge.companyId } as const;

      const issued = await insertInvoices(tx, rows);
      const pushes: (() => Promise<void>)[] = [];
      for (const invoice of issued) {
        const row = rows.find((candidate) => candidate.companyId === invoice.companyId);
        await audit(tx, context, {
          action: "invoice.issue",
          targetType: "invoice",
          targetId: invoice.id,
          companyId: invoice.companyId,
          changes: {
            number: { from: null, to: invoice.number },
            month: { from: null, to: invoice.month },
            replacesInvoiceId: { from: null, to: row?.replacesInvoiceId ?? null },
            status: { from: null, to: "open" },
            planId: { from: null, to: row?.planId ?? null },
            billableRuns: { from: null, to: row?.billableRuns ?? null },
            totalCents: { from: null, to: invoice.totalCents },
            dueAt: { from: null, to: dueAt.toISOString() },
          },
        });
        pushes.push(
          await storeCompanyNotification(tx, invoice.companyId, {
            type: "invoice_issued",
            title: `Invoice ${invoice.number} for ${label}`,
            body: `Your invoice for ${label} comes to ${formatMoney(invoice.totalCents, invoice.currency)}, due by ${dayLabel.format(dueAt)}.`,
            link: `/billing/invoices/${invoice.id}`,
          }),
        );
      }
      return { issued: issued.length, considered: rows.length, pushes } as const;
    });
    if ("tooLarge" in outcome) {
      return conflict(`An invoice for ${label} would exceed the largest amount an invoice can hold. Check that company's plan prices.`);
    }
    await Promise.all(outcome.pushes.map((push) => push()));
    const existing = outcome.considered - outcome.issued;
    if (outcome.considered === 0) {
      return { ok: true, message: `No company had a plan in force for ${label}: nothing to invoice.`, data: { issued: 0, existing } };
    }
    if (outcome.issued === 0) {
      return {
        ok: true,
        message: `No new invoices: every company billed for ${label} already has its invoice.`,
        data: { issued: 0, existing },
      };
    }
    const issuedText = outcome.issued === 1 ? "1 invoice" : `${outcome.issued} invoices`;
    return {
      ok: true,
      message: `Issued ${issuedText} for ${label}${existing > 0 ? ` (${existing} already had one)` : ""}. Each company's clients were notified.`,
      data: { issued: outcome.issued, existing },
    };
  },
});

// ---------------------------------------------------------------- payment and void

type InvoiceStep = (tx: Transaction, invoice: InvoiceRecord) => Promise<ActionResult>;

/** Loads and locks the invoice; 403 when missing or out of reach; else runs `step` in the same transaction. */
function withInvoice(context: AuthorizedContext, id: string, step: InvoiceStep): Promise<ActionResult> {
  const scope = scopeFor(context.viewer, "billing.manage");
  return context.db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, { scope, id });
    if (!invoice || !can(context.viewer, "billing.manage", { companyId: invoice.companyId })) return forbidden();
    return step(tx, invoice);
  });
}

async function writeInvoice(
  tx: Transaction,
  context: AuthorizedContext,
  invoice: InvoiceRecord,
  values: InvoiceChanges,
  action: string,
): Promise<void> {
  const updated = await updateInvoice(tx, { scope: scopeFor(context.viewer, "billing.manage"), id: invoice.id, values });
  if (!updated) throw new Error(`invoice ${invoice.id} vanished inside its own transaction`);
  await audit(tx, context, {
    action,
    targetType: "invoice",
    targetId: invoice.id,
    companyId: invoice.companyId,
    changes: changesBetween<InvoiceRecord>(invoice, values),
  });
}

/** Records a payment received for an open (or overdue) invoice. Mocked: nothing is charged. */
export const recordPayment = command({
  capability: "billing.manage",
  schema: recordPaymentSchema,
  run: (context, input) =>
    withInvoice(context, input.id, async (tx, invoice) => {
      if (invoice.status === "paid") {
        const when = invoice.paidAt ? ` on ${dayLabel.format(invoice.paidAt)}` : "";
        return conflict(`Invoice ${invoice.number} was already paid${when}: a payment cannot be recorded twice.`);
      }
      if (invoice.status === "void") return conflict(`Invoice ${invoice.number} is void: a void invoice cannot be paid.`);
      if (invoice.status === "draft") return conflict(`Invoice ${invoice.number} is a draft: it must be issued before it is paid.`);
      await writeInvoice(
        tx,
        context,
        invoice,
        { status: "paid", paidAt: new Date(), paymentMethod: input.method, paymentReference: input.reference },
        "invoice.pay",
      );
      return {
        ok: true,
        message: `Payment by ${paymentMethodLabels[input.method]} recorded: invoice ${invoice.number} is paid.`,
      };
    }),
});

/** Voids an open or draft invoice, with the reason. A paid invoice cannot be voided. */
export const voidInvoice = command({
  capability: "billing.manage",
  schema: voidInvoiceSchema,
  run: (context, input) =>
    withInvoice(context, input.id, async (tx, invoice) => {
      if (invoice.status === "void") return conflict(`Invoice ${invoice.number} is already void.`);
      if (invoice.status === "paid") return conflict(`Invoice ${invoice.number} is paid: a paid invoice cannot be voided.`);
      await writeInvoice(tx, context, invoice, { status: "void", voidedAt: new Date(), voidReason: input.reason }, "invoice.void");
      return { ok: true, message: `Invoice ${invoice.number} was voided. Issue its month again to send a replacement.` };
    }),
});
