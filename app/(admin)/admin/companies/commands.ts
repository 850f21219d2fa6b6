import "server-only";
import type { Transaction } from "@/db/client";
import { dropPlansAfter, listPlanPeriods, schedulePlan } from "@/db/queries/company-plans";
import { findActivePlan, findPlan } from "@/db/queries/plans";
import {
  findActiveSalesEngineer,
  insertCompany,
  isCompanyNameTaken,
  lockCompany,
  updateCompany,
  type CompanyChanges,
  type CompanyRecord,
} from "@/db/queries/companies";
import { command, forbidden, invalid, type ActionResult, type AuthorizedContext } from "@/lib/action";
import { audit, changesBetween, type Changes } from "@/lib/audit";
import { can, scopeFor, type Capability } from "@/lib/authz";
import { addMonths, monthOf, monthStart, planIdInForce } from "@/lib/billing";
import { formatMonth } from "./format";
import {
  assignCompanySeSchema,
  changeCompanyPlanSchema,
  companyIdSchema,
  createCompanySchema,
  updateCompanyProfileSchema,
} from "./schema";

// Company commands (PRODUCT.md §1: create, archive, set plan and assign SE are admin-only;
// the profile is the admin's or the company's SE's). Each loads its company inside the
// transaction, locked, and answers 403 alike for a company that is missing or out of scope.

const NAME_TAKEN = "Another company already has this name.";
const NOT_AN_SE = "Choose an active sales engineer: this user is not one.";
const NOT_A_PLAN = "Choose one of the available plans.";

const archivedConflict = (error: string): ActionResult<never> => ({ ok: false, status: 409, error });

type Step = (tx: Transaction, company: CompanyRecord) => Promise<ActionResult>;

/**
 * Loads and locks the company for the capability's scope, answers 403 when it is missing
 * or out of reach, and otherwise runs `step` in the same transaction.
 */
function withCompany(context: AuthorizedContext, capability: Capability, id: string, step: Step): Promise<ActionResult> {
  const scope = scopeFor(context.viewer, capability);
  return context.db.transaction(async (tx) => {
    const company = await lockCompany(tx, { scope, id });
    if (!company || !can(context.viewer, capability, { companyId: company.id })) return forbidden();
    return step(tx, company);
  });
}

/** Writes the values that differ and their audit entry; "nothing changed" writes neither. */
async function writeChanges(
  tx: Transaction,
  context: AuthorizedContext,
  capability: Capability,
  company: CompanyRecord,
  values: CompanyChanges,
  entry: { action: string; extra?: Changes },
): Promise<boolean> {
  const changes = changesBetween<CompanyRecord>(company, values);
  if (Object.keys(changes).length === 0) return false;
  const updated = await updateCompany(tx, { scope: scopeFor(context.viewer, capability), id: company.id, values });
  if (!updated) throw new Error(`company ${company.id} vanished inside its own transaction`);
  await audit(tx, context, {
    action: entry.action,
    targetType: "company",
    targetId: company.id,
    companyId: company.id,
    changes: { ...changes, ...entry.extra },
  });
  return true;
}

export const createCompany = command({
  capability: "companies.manage",
  schema: createCompanySchema,
  run: async (context, input): Promise<ActionResult<{ id: string }>> => {
    const scope = scopeFor(context.viewer, "companies.manage");
    return context.db.transaction(async (tx) => {
      const fieldErrors: Record<string, string[]> = {};
      if (await isCompanyNameTaken(tx, { scope, name: input.name })) fieldErrors.name = [NAME_TAKEN];
      if (input.planId && !(await findActivePlan(tx, { id: input.planId }))) fieldErrors.planId = [NOT_A_PLAN];
      if (input.assignedSeId && !(await findActiveSalesEngineer(tx, { id: input.assignedSeId }))) {
        fieldErrors.assignedSeId = [NOT_AN_SE];
      }
      if (Object.keys(fieldErrors).length > 0) return invalid("Check the highlighted fields.", fieldErrors);

      const values = {
        name: input.name,
        industry: input.industry,
        hourlyRateCents: input.hourlyRate,
        status: input.status,
        assignedSeId: input.assignedSeId,
      };
      const company = await insertCompany(tx, values);
      // the first plan covers the months before it too (lib/billing.ts planIdInForce)
      if (input.planId) {
        await schedulePlan(tx, { companyId: company.id, planId: input.planId, fromMonth: monthOf(new Date()), setById: context.viewer.id });
      }
      await audit(tx, context, {
        action: "company.create",
        targetType: "company",
        targetId: company.id,
        companyId: company.id,
        changes: changesBetween(null, { ...values, planId: input.planId }),
      });
      return { ok: true, message: `${company.name} was created.`, data: { id: company.id } };
    });
  },
});

export const updateCompanyProfile = command({
  capability: "companies.editProfile",
  schema: updateCompanyProfileSchema,
  run: (context, input) =>
    withCompany(context, "companies.editProfile", input.id, async (tx, company) => {
      if (company.archivedAt) return archivedConflict("This company is archived. Restore it before editing its profile.");
      const scope = scopeFor(context.viewer, "companies.editProfile");
      if (await isCompanyNameTaken(tx, { scope, name: input.name, exceptId: company.id })) {
        return invalid("Check the highlighted fields.", { name: [NAME_TAKEN] });
      }
      const changed = await writeChanges(
        tx,
        context,
        "companies.editProfile",
        company,
        { name: input.name, industry: input.industry, hourlyRateCents: input.hourlyRate, status: input.status },
        { action: "company.update" },
      );
      return { ok: true, message: changed ? "Profile saved." : "Nothing to save: the profile is unchanged." };
    }),
});

export const assignCompanySe = command({
  capability: "companies.manage",
  schema: assignCompanySeSchema,
  run: (context, input) =>
    withCompany(context, "companies.manage", input.id, async (tx, company) => {
      if (company.archivedAt) return archivedConflict("This company is archived. Restore it before assigning an SE.");
      const se = input.assignedSeId ? await findActiveSalesEngineer(tx, { id: input.assignedSeId }) : null;
      if (input.assignedSeId && !se) return invalid("Check the highlighted fields.", { assignedSeId: [NOT_AN_SE] });
      const changed = await writeChanges(
        tx,
        context,
        "companies.manage",
        company,
        { assignedSeId: se?.id ?? null },
        { action: "company.assign_se" },
      );
      if (!changed) return { ok: true, message: "Nothing to change: that is already the company's SE." };
      return {
        ok: true,
        message: se ? `${se.name ?? se.email} is now the SE of ${company.name}.` : `${company.name} has no SE now.`,
      };
    }),
});

export const changeCompanyPlan = command({
  capability: "companies.manage",
  schema: changeCompanyPlanSchema,
  run: (context, input) =>
    withCompany(context, "companies.manage", input.id, async (tx, company) => {
      if (company.archivedAt) return archivedConflict("This company is archived. Restore it before changing its plan.");
      const thisMonth = monthOf(new Date());
      const nextMonth = addMonths(thisMonth, 1);
      // The history decides: the plan billed this month, and the change scheduled after it.
      const history = await listPlanPeriods(tx, { companyId: company.id });
      const currentPlanId = planIdInForce(history, thisMonth);
      // (a first entry after this month is the plan in force, not a pending change)
      const started = history.some((period) => period.fromMonth <= thisMonth);
      const pending = started ? (history.find((period) => period.fromMonth > thisMonth) ?? null) : null;

      // Choosing the current plan again (to cancel a pending change) is allowed even when
      // that plan has since been retired; any other choice must be an active plan.
      const plan = await findPlan(tx, { id: input.planId });
      if (!plan || (!plan.active && plan.id !== currentPlanId)) {
        return invalid("Check the highlighted fields.", { planId: [NOT_A_PLAN] });
      }
      const record = (changes: Changes) =>
        audit(tx, context, {
          action: "company.plan_change",
          targetType: "company",
          targetId: company.id,
          companyId: company.id,
          changes,
        });

      // No plan yet: it applies at once (and to the months before, which had none).
      // Otherwise the month already started is billed on the current plan, and the new
      // one applies from the next billing month; months already past keep their plans.
      if (!currentPlanId) {
        await schedulePlan(tx, { companyId: company.id, planId: plan.id, fromMonth: thisMonth, setById: context.viewer.id });
        await record({ planId: { from: null, to: plan.id }, planFrom: { from: null, to: thisMonth } });
        return { ok: true, message: `${company.name} is on ${plan.name} now.` };
      }
      if (plan.id === currentPlanId) {
        if (!pending) return { ok: true, message: `Nothing to change: ${company.name} is already on ${plan.name}.` };
        await dropPlansAfter(tx, { companyId: company.id, month: thisMonth });
        await record({ nextPlanId: { from: pending.planId, to: null }, nextPlanFrom: { from: pending.fromMonth, to: null } });
        return { ok: true, message: `The pending plan change was cancelled: ${company.name} stays on ${plan.name}.` };
      }
      const from = formatMonth(monthStart(nextMonth));
      if (pending && pending.planId === plan.id && pending.fromMonth === nextMonth) {
        return { ok: true, message: `Nothing to change: ${company.name} already moves to ${plan.name} from ${from}.` };
      }
      await schedulePlan(tx, { companyId: company.id, planId: plan.id, fromMonth: nextMonth, setById: context.viewer.id });
      await record({
        nextPlanId: { from: pending?.planId ?? null, to: plan.id },
        nextPlanFrom: { from: pending?.fromMonth ?? null, to: nextMonth },
      });
      return { ok: true, message: `${company.name} moves to ${plan.name} from ${from}.` };
    }),
});

export const archiveCompany = command({
  capability: "companies.manage",
  schema: companyIdSchema,
  run: (context, input) =>
    withCompany(context, "companies.manage", input.id, async (tx, company) => {
      if (company.archivedAt) return archivedConflict("This company is already archived.");
      await writeChanges(tx, context, "companies.manage", company, { status: "archived", archivedAt: new Date() }, {
        action: "company.archive",
      });
      return { ok: true, message: `${company.name} was archived.` };
    }),
});

export const restoreCompany = command({
  capability: "companies.manage",
  schema: companyIdSchema,
  run: (context, input) =>
    withCompany(context, "companies.manage", input.id, async (tx, company) => {
      if (!company.archivedAt) return archivedConflict("This company is not archived.");
      await writeChanges(tx, context, "companies.manage", company, { status: "active", archivedAt: null }, {
        action: "company.restore",
      });
      return { ok: true, message: `${company.name} was restored and is active again.` };
    }),
});
