import "server-only";
import { findExpectation, upsertExpectation } from "@/db/queries/alerts";
import { lockWorkflow } from "@/db/queries/workflows";
import { command, forbidden, type ActionResult } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { describeExpectation } from "@/lib/expectations";
import { saveExpectationSchema } from "./schema";

const CAPABILITY = "expectations.manage";

/**
 * Saves what staff expect of a workflow (admins, or the company's SE). A missing or
 * out-of-scope workflow answers 403 alike. The answer says in words what will alert.
 */
export const saveExpectation = command({
  capability: CAPABILITY,
  schema: saveExpectationSchema,
  run: async (context, input) =>
    context.db.transaction(async (tx): Promise<ActionResult> => {
      const workflow = await lockWorkflow(tx, { scope: scopeFor(context.viewer, CAPABILITY), id: input.workflowId });
      if (!workflow || !can(context.viewer, CAPABILITY, { companyId: workflow.companyId })) return forbidden();
      if (workflow.status === "archived") return { ok: false, status: 409, error: "This workflow is archived: it no longer alerts." };
      const { workflowId, ...values } = input;
      const before = await findExpectation(tx, workflowId);
      const now = new Date();
      await upsertExpectation(tx, { workflowId, companyId: workflow.companyId, values, updatedById: context.viewer.id, now });
      await audit(tx, context, {
        action: "workflow.expectation",
        targetType: "workflow",
        targetId: workflowId,
        companyId: workflow.companyId,
        changes: changesBetween(before, values),
      });
      return { ok: true, message: `Saved. ${describeExpectation({ ...values, since: now }, now).join(" ")}` };
    }),
});
