import "server-only";
import type { Transaction } from "@/db/client";
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
import { addMonths, monthOf, monthStart } from "@/lib/billing";
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
        planId: input.planId,
        assignedSeId: input.assignedSeId,
      };
      const company = await insertCompany(tx, values);
      await audit(tx, context, {
        action: "company.create",
        targetType: "company",
        targetId: company.id,
        companyId: company.id,
        changes: changesBetween(null, values),
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
      // A change that has come due is the current plan now: roll it over before applying
      // this one, so "current" and "pending" below mean what the billing screens show.
      const due = company.nextPlanId !== null && company.nextPlanFrom !== null && company.nextPlanFrom <= thisMonth;
      const currentPlanId = due ? company.nextPlanId : company.planId;
      const rollover: CompanyChanges = due ? { planId: company.nextPlanId, nextPlanId: null, nextPlanFrom: null } : {};

      // Choosing the current plan again (to cancel a pending change) is allowed even when
      // that plan has since been retired; any other choice must be an active plan.
      const plan = await findPlan(tx, { id: input.planId });
      if (!plan || (!plan.active && plan.id !== currentPlanId)) {
        return invalid("Check the highlighted fields.", { planId: [NOT_A_PLAN] });
      }
      const write = (values: CompanyChanges) =>
        writeChanges(tx, context, "companies.manage", company, { ...rollover, ...values }, { action: "company.plan_change" });

      // No plan yet: it applies at once. Otherwise the month already started is billed on
      // the current plan, and the new one applies from the next billing month.
      if (!currentPlanId) {
        await write({ planId: plan.id, nextPlanId: null, nextPlanFrom: null });
        return { ok: true, message: `${company.name} is on ${plan.name} now.` };
      }
      if (plan.id === currentPlanId) {
        const pending = due ? false : company.nextPlanId !== null;
        await write({ nextPlanId: null, nextPlanFrom: null });
        return {
          ok: true,
          message: pending
            ? `The pending plan change was cancelled: ${company.name} stays on ${plan.name}.`
            : `Nothing to change: ${company.name} is already on ${plan.name}.`,
        };
      }
      const effectiveFrom = addMonths(thisMonth, 1);
      const alreadyPending = !due && company.nextPlanId === plan.id && company.nextPlanFrom === effectiveFrom;
      await write({ nextPlanId: plan.id, nextPlanFrom: effectiveFrom });
      const from = formatMonth(monthStart(effectiveFrom));
      return {
        ok: true,
        message: alreadyPending
          ? `Nothing to change: ${company.name} already moves to ${plan.name} from ${from}.`
          : `${company.name} moves to ${plan.name} from ${from}.`,
      };
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
