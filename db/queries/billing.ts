import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type PgColumn } from "drizzle-orm/pg-core";
import type { CompanyScope } from "@/lib/authz";
import {
  addMonths,
  invoiceAmounts,
  monthOf,
  projectedBillableRuns,
  type InvoiceAmounts,
  type PlanPrice,
} from "@/lib/billing";
import type { Queryable } from "../client";
import { companies, executionDailyStats, invoices, platformSettings, plans, type Invoice } from "../schema";
import { pendingPlanFromSql, pendingPlanIdSql, planIdInForceSql, plansInForce } from "./plans";

// Billing (PRODUCT.md §2 /admin/billing and /billing, §4): usage per company and month
// from the daily rollups, invoices, and revenue. Money is integer cents, months are
// calendar months in UTC written as their first day ("2026-10-01").

/** Payment terms: an invoice is due this many days after it is issued. */
export const INVOICE_PAYMENT_DAYS = 14;

export function dueDateFor(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + INVOICE_PAYMENT_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * "INV-202610-1A2B3C4D": the billed month and the start of the company's id; an invoice
 * issued in place of voided ones gets "-R1", "-R2"… (how many were voided before it). The
 * number follows from those, so two requests issuing the same month at once cannot pick
 * different numbers.
 */
export function invoiceNumber(month: string, companyId: string, voidedBefore = 0): string {
  const base = `INV-${month.slice(0, 4)}${month.slice(5, 7)}-${companyId.replaceAll("-", "").slice(0, 8).toUpperCase()}`;
  return voidedBefore > 0 ? `${base}-R${voidedBefore}` : base;
}

/** The scope as a condition on a company id column; null when the scope reaches nothing. */
function scopeOn(column: PgColumn, scope: CompanyScope): SQL | undefined | null {
  if (scope.kind === "all") return undefined;
  if (scope.companyIds.length === 0) return null;
  return inArray(column, [...scope.companyIds]);
}

/** A company is billed while it is not archived (active, onboarding and paused ones are). */
const notArchived = and(isNull(companies.archivedAt), ne(companies.status, "archived"));

/** The platform's currency: plans are created in it, and revenue figures are shown in it. */
export async function platformCurrency(db: Queryable): Promise<string> {
  const [row] = await db
    .select({ currency: platformSettings.currency })
    .from(platformSettings)
    .where(eq(platformSettings.id, true))
    .limit(1);
  return row?.currency ?? "USD";
}

/** Billable runs (succeeded + failed) per company in a month, from the daily rollup. */
function billableRunsByCompany(db: Queryable, { scope, month }: { scope: CompanyScope; month: string }) {
  const inScope = scopeOn(executionDailyStats.companyId, scope);
  // an empty scope reaches no rows (callers return before this; stay safe anyway)
  const usageScope = inScope === null ? sql`false` : inScope;
  return db
    .select({
      companyId: executionDailyStats.companyId,
      billableRuns: sql<number>`sum(${executionDailyStats.succeeded} + ${executionDailyStats.failed})`.as("usage_billable_runs"),
    })
    .from(executionDailyStats)
    .where(
      and(
        usageScope,
        gte(executionDailyStats.day, month),
        lt(executionDailyStats.day, addMonths(month, 1)),
      ),
    )
    .groupBy(executionDailyStats.companyId)
    .as("usage");
}

// ---------------------------------------------------------------- the state of an invoice

export type InvoiceStatus = Invoice["status"];
/** The status, with "overdue" for an open invoice past its due date (a display state). */
export type InvoiceState = InvoiceStatus | "overdue";
export const invoiceStates = ["draft", "open", "overdue", "paid", "void"] as const satisfies readonly InvoiceState[];

function invoiceStateSql(now: Date): SQL<InvoiceState> {
  return sql<InvoiceState>`(CASE WHEN ${invoices.status} = 'open' AND ${invoices.dueAt} < ${now.toISOString()}::timestamptz
    THEN 'overdue' ELSE ${invoices.status}::text END)`;
}

function stateCondition(state: InvoiceState, now: Date): SQL | undefined {
  const at = sql`${now.toISOString()}::timestamptz`;
  if (state === "overdue") return and(eq(invoices.status, "open"), sql`${invoices.dueAt} < ${at}`);
  if (state === "open") return and(eq(invoices.status, "open"), or(isNull(invoices.dueAt), sql`${invoices.dueAt} >= ${at}`));
  return eq(invoices.status, state);
}

// ---------------------------------------------------------------- usage

export type UsagePlan = PlanPrice & { id: string; name: string; currency: string };

export type UsageInvoice = {
  id: string;
  number: string;
  state: InvoiceState;
  planName: string;
  currency: string;
  billableRuns: number;
  includedRuns: number;
  overageRuns: number;
  totalCents: number;
  dueAt: Date | null;
};

export type CompanyUsage = {
  companyId: string;
  companyName: string;
  /** the plan in force for the month, at today's prices; null without one */
  plan: UsagePlan | null;
  /** succeeded + failed runs started in the month (UTC), from the rollup */
  billableRuns: number;
  /** what the month comes to on that plan, from the runs so far */
  amounts: InvoiceAmounts | null;
  /** for the month in progress: the runs and amount it ends with at its current pace */
  projected: { billableRuns: number; amounts: InvoiceAmounts } | null;
  /** the month's invoice, when one was issued; its figures are the billed ones */
  invoice: UsageInvoice | null;
};

const invoicePlans = alias(plans, "invoice_plans");

/**
 * Usage of every company in scope for a month: its plan in force, billable runs from the
 * rollup, the amount, the projection for the current month, and the month's invoice.
 * Archived companies appear only when they have an invoice for the month.
 */
export async function listUsage(
  db: Queryable,
  { scope, month, now, companyId }: { scope: CompanyScope; month: string; now: Date; companyId?: string },
): Promise<CompanyUsage[]> {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return [];
  const usage = billableRunsByCompany(db, { scope, month });
  const inForce = plansInForce(db, month);
  const rows = await db
    .select({
      companyId: companies.id,
      companyName: companies.name,
      planId: plans.id,
      planName: plans.name,
      basePriceCents: plans.basePriceCents,
      includedRuns: plans.includedRuns,
      overagePriceCents: plans.overagePriceCents,
      currency: plans.currency,
      billableRuns: sql<number>`coalesce(${usage.billableRuns}, 0)`.mapWith(Number),
      invoiceId: invoices.id,
      invoiceNumber: invoices.number,
      invoiceState: invoiceStateSql(now),
      invoicePlanName: invoicePlans.name,
      invoiceCurrency: invoices.currency,
      invoiceBillableRuns: invoices.billableRuns,
      invoiceIncludedRuns: invoices.includedRuns,
      invoiceOverageRuns: invoices.overageRuns,
      invoiceTotalCents: invoices.totalCents,
      invoiceDueAt: invoices.dueAt,
    })
    .from(companies)
    .leftJoin(inForce, eq(inForce.companyId, companies.id))
    .leftJoin(plans, eq(plans.id, inForce.planId))
    .leftJoin(usage, eq(usage.companyId, companies.id))
    // the month's live invoice; a voided one only when it was not issued again
    .leftJoin(
      invoices,
      sql`${invoices.id} = (SELECT i.id FROM ${invoices} i WHERE i.company_id = ${companies.id} AND i.month = ${month}::date
        ORDER BY i.status = 'void', i.created_at DESC LIMIT 1)`,
    )
    .leftJoin(invoicePlans, eq(invoicePlans.id, invoices.planId))
    .where(
      and(
        inScope,
        companyId ? eq(companies.id, companyId) : undefined,
        or(notArchived, sql`${invoices.id} IS NOT NULL`),
      ),
    )
    .orderBy(asc(companies.name), asc(companies.id));

  const isCurrentMonth = month === monthOf(now);
  return rows.map((row) => {
    const plan: UsagePlan | null =
      row.planId && row.planName !== null && row.basePriceCents !== null && row.includedRuns !== null && row.overagePriceCents !== null
        ? {
            id: row.planId,
            name: row.planName,
            basePriceCents: row.basePriceCents,
            includedRuns: row.includedRuns,
            overagePriceCents: row.overagePriceCents,
            currency: row.currency ?? "USD",
          }
        : null;
    const projectedRuns = projectedBillableRuns(row.billableRuns, month, now);
    return {
      companyId: row.companyId,
      companyName: row.companyName,
      plan,
      billableRuns: row.billableRuns,
      amounts: plan ? invoiceAmounts(plan, row.billableRuns) : null,
      projected: plan && isCurrentMonth ? { billableRuns: projectedRuns, amounts: invoiceAmounts(plan, projectedRuns) } : null,
      invoice:
        row.invoiceId && row.invoiceNumber !== null && row.invoiceState !== null
          ? {
              id: row.invoiceId,
              number: row.invoiceNumber,
              state: row.invoiceState,
              planName: row.invoicePlanName ?? "",
              currency: row.invoiceCurrency ?? "USD",
              billableRuns: row.invoiceBillableRuns ?? 0,
              includedRuns: row.invoiceIncludedRuns ?? 0,
              overageRuns: row.invoiceOverageRuns ?? 0,
              totalCents: row.invoiceTotalCents ?? 0,
              dueAt: row.invoiceDueAt,
            }
          : null,
    };
  });
}

export type CompanyPlanInfo = {
  companyId: string;
  companyName: string;
  plan: UsagePlan | null;
  /** a change that applies from a later month */
  nextPlan: (UsagePlan & { from: string }) | null;
};

const nextPlans = alias(plans, "next_plans");

/** A company's plan in force at `now` and a pending change, for the client's billing page. */
export async function findCompanyPlan(
  db: Queryable,
  { scope, companyId, now }: { scope: CompanyScope; companyId: string; now: Date },
): Promise<CompanyPlanInfo | null> {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return null;
  const month = monthOf(now);
  const [row] = await db
    .select({
      companyId: companies.id,
      companyName: companies.name,
      nextPlanFrom: pendingPlanFromSql(month),
      plan: {
        id: plans.id,
        name: plans.name,
        basePriceCents: plans.basePriceCents,
        includedRuns: plans.includedRuns,
        overagePriceCents: plans.overagePriceCents,
        currency: plans.currency,
      },
      nextPlan: {
        id: nextPlans.id,
        name: nextPlans.name,
        basePriceCents: nextPlans.basePriceCents,
        includedRuns: nextPlans.includedRuns,
        overagePriceCents: nextPlans.overagePriceCents,
        currency: nextPlans.currency,
      },
    })
    .from(companies)
    .leftJoin(plans, eq(plans.id, planIdInForceSql(month)))
    .leftJoin(nextPlans, eq(nextPlans.id, pendingPlanIdSql(month)))
    .where(and(inScope, eq(companies.id, companyId)))
    .limit(1);
  if (!row) return null;
  return {
    companyId: row.companyId,
    companyName: row.companyName,
    plan: row.plan,
    nextPlan: row.nextPlan && row.nextPlanFrom ? { ...row.nextPlan, from: row.nextPlanFrom } : null,
  };
}

// ---------------------------------------------------------------- invoices: issuing

export type BillableCompany = UsagePlan & {
  companyId: string;
  planId: string;
  billableRuns: number;
  /** the month's voided invoices: how many, and the latest (a new one replaces it) */
  voidedCount: number;
  lastVoidedId: string | null;
};

/**
 * The companies to invoice for a month: not archived, with a plan in force for it, with
 * that plan's current prices and the month's billable runs from the rollup.
 */
export async function listBillableCompanies(
  db: Queryable,
  { scope, month }: { scope: CompanyScope; month: string },
): Promise<BillableCompany[]> {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return [];
  const usage = billableRunsByCompany(db, { scope, month });
  const inForce = plansInForce(db, month);
  return db
    .select({
      companyId: companies.id,
      planId: plans.id,
      id: plans.id,
      name: plans.name,
      basePriceCents: plans.basePriceCents,
      includedRuns: plans.includedRuns,
      overagePriceCents: plans.overagePriceCents,
      currency: plans.currency,
      billableRuns: sql<number>`coalesce(${usage.billableRuns}, 0)`.mapWith(Number),
      voidedCount: sql<number>`(SELECT count(*) FROM invoices v WHERE v.company_id = ${companies.id} AND v.month = ${month} AND v.status = 'void')`.mapWith(Number),
      lastVoidedId: sql<string | null>`(SELECT v.id FROM invoices v WHERE v.company_id = ${companies.id} AND v.month = ${month} AND v.status = 'void' ORDER BY v.voided_at DESC NULLS LAST, v.id DESC LIMIT 1)`,
    })
    .from(companies)
    .innerJoin(inForce, eq(inForce.companyId, companies.id))
    .innerJoin(plans, eq(plans.id, inForce.planId))
    .leftJoin(usage, eq(usage.companyId, companies.id))
    .where(and(inScope, notArchived))
    .orderBy(asc(companies.id));
}

/**
 * Serialises the issuing of one month's invoices until the transaction ends, so two
 * requests issuing it at once run one after the other; the second then finds every
 * invoice in place (ON CONFLICT below) instead of racing on the number.
 */
export async function lockInvoiceMonth(db: Queryable, month: string): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`nexus:invoice-month:${month}`}))`);
}

export type NewInvoice = Omit<typeof invoices.$inferInsert, "createdAt" | "updatedAt">;

export type IssuedInvoice = Pick<Invoice, "id" | "number" | "companyId" | "month" | "totalCents" | "currency" | "dueAt">;

/**
 * Inserts invoices; one that the company already has for its month, not void, is skipped
 * (ON CONFLICT on the partial unique index DO NOTHING). Returns only the rows inserted.
 */
export async function insertInvoices(db: Queryable, values: NewInvoice[]): Promise<IssuedInvoice[]> {
  if (values.length === 0) return [];
  return db
    .insert(invoices)
    .values(values)
    .onConflictDoNothing({ target: [invoices.companyId, invoices.month], where: sql`${invoices.status} <> 'void'` })
    .returning({
      id: invoices.id,
      number: invoices.number,
      companyId: invoices.companyId,
      month: invoices.month,
      totalCents: invoices.totalCents,
      currency: invoices.currency,
      dueAt: invoices.dueAt,
    });
}

// ---------------------------------------------------------------- invoices: reading

export type InvoiceListItem = {
  id: string;
  number: string;
  companyId: string;
  companyName: string;
  month: string;
  status: InvoiceStatus;
  state: InvoiceState;
  currency: string;
  totalCents: number;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
};

export const INVOICES_PAGE_SIZE = 25;

/**
 * Invoices in scope, newest month first, one page at a time (limit + 1 tells whether
 * there is a next page). `state` filters on the display state (overdue = open and past
 * due; open = open and not yet due). Drafts are left out unless asked for: clients never
 * see them.
 */
export async function listInvoices(
  db: Queryable,
  {
    scope,
    now,
    state,
    companyId,
    includeDrafts = false,
    page = 1,
    pageSize = INVOICES_PAGE_SIZE,
  }: {
    scope: CompanyScope;
    now: Date;
    state?: InvoiceState;
    companyId?: string;
    includeDrafts?: boolean;
    page?: number;
    pageSize?: number;
  },
): Promise<{ invoices: InvoiceListItem[]; hasNext: boolean }> {
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return { invoices: [], hasNext: false };
  const size = Math.max(1, Math.min(pageSize, 100));
  const pageNumber = Number.isSafeInteger(page) && page > 0 ? page : 1;
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      companyId: invoices.companyId,
      companyName: companies.name,
      month: invoices.month,
      status: invoices.status,
      state: invoiceStateSql(now),
      currency: invoices.currency,
      totalCents: invoices.totalCents,
      issuedAt: invoices.issuedAt,
      dueAt: invoices.dueAt,
      paidAt: invoices.paidAt,
    })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .where(
      and(
        inScope,
        includeDrafts || state === "draft" ? undefined : ne(invoices.status, "draft"),
        state ? stateCondition(state, now) : undefined,
        companyId ? eq(invoices.companyId, companyId) : undefined,
      ),
    )
    .orderBy(desc(invoices.month), asc(companies.name), asc(invoices.id))
    .limit(size + 1)
    .offset((pageNumber - 1) * size);
  return { invoices: rows.slice(0, size), hasNext: rows.length > size };
}

export type InvoiceDetail = Omit<Invoice, "createdAt" | "updatedAt" | "overdueNotifiedAt"> & {
  state: InvoiceState;
  companyName: string;
  planName: string;
  /** the invoices this one and the one replacing it, by number: linked both ways */
  replacesNumber: string | null;
  replacedBy: { id: string; number: string } | null;
};

/** One invoice in scope, or null when it does not exist or is outside it (or is a draft, unless asked for). */
export async function findInvoice(
  db: Queryable,
  { scope, id, now, includeDrafts = false }: { scope: CompanyScope; id: string; now: Date; includeDrafts?: boolean },
): Promise<InvoiceDetail | null> {
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return null;
  const [row] = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      companyId: invoices.companyId,
      companyName: companies.name,
      planId: invoices.planId,
      planName: plans.name,
      month: invoices.month,
      status: invoices.status,
      state: invoiceStateSql(now),
      currency: invoices.currency,
      billableRuns: invoices.billableRuns,
      includedRuns: invoices.includedRuns,
      overageRuns: invoices.overageRuns,
      basePriceCents: invoices.basePriceCents,
      overagePriceCents: invoices.overagePriceCents,
      overageCents: invoices.overageCents,
      totalCents: invoices.totalCents,
      issuedAt: invoices.issuedAt,
      dueAt: invoices.dueAt,
      paidAt: invoices.paidAt,
      paymentMethod: invoices.paymentMethod,
      paymentReference: invoices.paymentReference,
      voidedAt: invoices.voidedAt,
      voidReason: invoices.voidReason,
      replacesInvoiceId: invoices.replacesInvoiceId,
      replacesNumber: sql<string | null>`(SELECT r.number FROM invoices r WHERE r.id = ${invoices.replacesInvoiceId})`,
      replacedById: sql<string | null>`(SELECT n.id FROM invoices n WHERE n.replaces_invoice_id = ${invoices.id} AND n.status <> 'draft' ORDER BY n.created_at DESC LIMIT 1)`,
      replacedByNumber: sql<string | null>`(SELECT n.number FROM invoices n WHERE n.replaces_invoice_id = ${invoices.id} AND n.status <> 'draft' ORDER BY n.created_at DESC LIMIT 1)`,
    })
    .from(invoices)
    .innerJoin(companies, eq(companies.id, invoices.companyId))
    .innerJoin(plans, eq(plans.id, invoices.planId))
    .where(and(eq(invoices.id, id), inScope, includeDrafts ? undefined : ne(invoices.status, "draft")))
    .limit(1);
  if (!row) return null;
  const { replacedById, replacedByNumber, ...invoice } = row;
  return { ...invoice, replacedBy: replacedById && replacedByNumber ? { id: replacedById, number: replacedByNumber } : null };
}

// ---------------------------------------------------------------- invoices: payment and void

export type InvoiceRecord = Pick<
  Invoice,
  "id" | "number" | "companyId" | "month" | "status" | "paidAt" | "paymentMethod" | "paymentReference" | "voidedAt" | "voidReason"
>;

const invoiceRecordColumns = {
  id: invoices.id,
  number: invoices.number,
  companyId: invoices.companyId,
  month: invoices.month,
  status: invoices.status,
  paidAt: invoices.paidAt,
  paymentMethod: invoices.paymentMethod,
  paymentReference: invoices.paymentReference,
  voidedAt: invoices.voidedAt,
  voidReason: invoices.voidReason,
};

/** An invoice in scope, locked until the transaction ends; null when missing or out of scope. */
export async function lockInvoice(
  db: Queryable,
  { scope, id }: { scope: CompanyScope; id: string },
): Promise<InvoiceRecord | null> {
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return null;
  const [row] = await db
    .select(invoiceRecordColumns)
    .from(invoices)
    .where(and(eq(invoices.id, id), inScope))
    .limit(1)
    .for("update");
  return row ?? null;
}

export type InvoiceChanges = Partial<Omit<InvoiceRecord, "id" | "number" | "companyId" | "month">>;

/** Writes the given columns of one invoice in scope; null when none was there. */
export async function updateInvoice(
  db: Queryable,
  { scope, id, values }: { scope: CompanyScope; id: string; values: InvoiceChanges },
): Promise<InvoiceRecord | null> {
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return null;
  const [row] = await db
    .update(invoices)
    .set(values)
    .where(and(eq(invoices.id, id), inScope))
    .returning(invoiceRecordColumns);
  return row ?? null;
}

// ---------------------------------------------------------------- overdue

export type OverdueInvoice = Pick<Invoice, "id" | "number" | "companyId" | "month" | "totalCents" | "currency" | "dueAt">;

/**
 * Marks the open invoices past due that have not been announced yet and returns them.
 * The UPDATE claims each row once: a second run, or a concurrent one (it waits for the
 * row lock and re-checks), finds overdue_notified_at set and returns nothing.
 */
export async function claimOverdueInvoices(db: Queryable, now: Date): Promise<OverdueInvoice[]> {
  return db
    .update(invoices)
    .set({ overdueNotifiedAt: now })
    .where(
      and(
        eq(invoices.status, "open"),
        sql`${invoices.dueAt} < ${now.toISOString()}::timestamptz`,
        isNull(invoices.overdueNotifiedAt),
      ),
    )
    .returning({
      id: invoices.id,
      number: invoices.number,
      companyId: invoices.companyId,
      month: invoices.month,
      totalCents: invoices.totalCents,
      currency: invoices.currency,
      dueAt: invoices.dueAt,
    });
}

// ---------------------------------------------------------------- revenue

export type MonthlyRevenue = { month: string; paidCents: number; outstandingCents: number };

/**
 * Paid and outstanding (open, overdue included) invoice totals per billed month, for the
 * `months` months that ended last, oldest first; only invoices in `currency` count.
 */
export async function listMonthlyRevenue(
  db: Queryable,
  { scope, now, currency, months = 12 }: { scope: CompanyScope; now: Date; currency: string; months?: number },
): Promise<MonthlyRevenue[]> {
  const last = addMonths(monthOf(now), -1);
  const first = addMonths(last, -(months - 1));
  const all = Array.from({ length: months }, (_, index) => addMonths(first, index));
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return all.map((month) => ({ month, paidCents: 0, outstandingCents: 0 }));
  const rows = await db
    .select({
      month: invoices.month,
      paidCents: sql<number>`coalesce(sum(${invoices.totalCents}) FILTER (WHERE ${invoices.status} = 'paid'), 0)`.mapWith(Number),
      outstandingCents: sql<number>`coalesce(sum(${invoices.totalCents}) FILTER (WHERE ${invoices.status} = 'open'), 0)`.mapWith(
        Number,
      ),
    })
    .from(invoices)
    .where(and(inScope, eq(invoices.currency, currency), gte(invoices.month, first), lt(invoices.month, addMonths(last, 1))))
    .groupBy(invoices.month);
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return all.map((month) => ({
    month,
    paidCents: byMonth.get(month)?.paidCents ?? 0,
    outstandingCents: byMonth.get(month)?.outstandingCents ?? 0,
  }));
}

export type RevenueThisMonth = { totalCents: number; currency: string; invoiceCount: number };

/**
 * Revenue this month: the totals of the invoices paid during the current calendar month
 * (UTC, by paidAt), whatever month they bill, in the platform currency.
 */
export async function getRevenueThisMonth(
  db: Queryable,
  { scope, now }: { scope: CompanyScope; now: Date },
): Promise<RevenueThisMonth> {
  const currency = await platformCurrency(db);
  const inScope = scopeOn(invoices.companyId, scope);
  if (inScope === null) return { totalCents: 0, currency, invoiceCount: 0 };
  const month = monthOf(now);
  const [row] = await db
    .select({
      totalCents: sql<number>`coalesce(sum(${invoices.totalCents}), 0)`.mapWith(Number),
      invoiceCount: sql<number>`count(*)`.mapWith(Number),
    })
    .from(invoices)
    .where(
      and(
        inScope,
        eq(invoices.status, "paid"),
        eq(invoices.currency, currency),
        sql`${invoices.paidAt} >= ${month}::date::timestamp AT TIME ZONE 'UTC'`,
        sql`${invoices.paidAt} < ${addMonths(month, 1)}::date::timestamp AT TIME ZONE 'UTC'`,
      ),
    );
  return { totalCents: row?.totalCents ?? 0, currency, invoiceCount: row?.invoiceCount ?? 0 };
}

export type RecurringRevenue = { mrrCents: number; currency: string; companies: number };

/**
 * Monthly recurring revenue: the base prices of the plans in force this month of the
 * companies billed (not archived), in the platform currency; usage (overage) left out.
 */
export async function getMonthlyRecurringRevenue(
  db: Queryable,
  { scope, now }: { scope: CompanyScope; now: Date },
): Promise<RecurringRevenue> {
  const currency = await platformCurrency(db);
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return { mrrCents: 0, currency, companies: 0 };
  const inForce = plansInForce(db, monthOf(now));
  const [row] = await db
    .select({
      mrrCents: sql<number>`coalesce(sum(${plans.basePriceCents}), 0)`.mapWith(Number),
      companies: sql<number>`count(*)`.mapWith(Number),
    })
    .from(companies)
    .innerJoin(inForce, eq(inForce.companyId, companies.id))
    .innerJoin(plans, eq(plans.id, inForce.planId))
    .where(and(inScope, notArchived, eq(plans.currency, currency)));
  return { mrrCents: row?.mrrCents ?? 0, currency, companies: row?.companies ?? 0 };
}

/** The companies in scope that have invoices, for the invoice filter. */
export async function listInvoicedCompanies(db: Queryable, { scope }: { scope: CompanyScope }) {
  const inScope = scopeOn(companies.id, scope);
  if (inScope === null) return [];
  return db
    .selectDistinct({ id: companies.id, name: companies.name })
    .from(companies)
    .innerJoin(invoices, eq(invoices.companyId, companies.id))
    .where(inScope)
    .orderBy(asc(companies.name), asc(companies.id));
}
