import "server-only";
import type { Transaction } from "@/db/client";
import {
  findOpenCompanyInScope,
  insertWorkflow,
  lockWorkflow,
  updateWorkflow,
  type LockedWorkflow,
  type WorkflowStatus,
} from "@/db/queries/workflows";
import { command, forbidden, type ActionResult, type AuthorizedContext } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { storeCompanyNotification } from "@/lib/notify";
import { channels, publish } from "@/lib/realtime";
import { createWorkflowSchema, updateWorkflowSchema, workflowIdSchema } from "./schema";

// Workflow commands (PRODUCT.md §1: create, edit, pause/resume and archive are the admin's,
// or the SE's for their own companies; clients only view). Each loads its workflow inside
// the transaction, locked and scoped, and answers 403 alike for a workflow that is
// missing or out of scope, so the answer never tells whether it exists.
// Pause and resume tell the company's clients (stored in the transaction, pushed after).

const CAPABILITY = "workflows.manage";

const archivedConflict = (): ActionResult<never> => ({
  ok: false,
  status: 409,
  error: "This workflow is archived, and archived workflows can no longer be changed.",
});

type Step = (tx: Transaction, workflow: LockedWorkflow) => Promise<ActionResult>;

/** Loads and locks the workflow in the viewer's scope (403 when missing or out of reach), then runs `step`. */
function withWorkflow(context: AuthorizedContext, id: string, step: Step): Promise<ActionResult> {
  const scope = scopeFor(context.viewer, CAPABILITY);
  return context.db.transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, { scope, id });
    if (!workflow || !can(context.viewer, CAPABILITY, { companyId: workflow.companyId })) return forbidden();
    return step(tx, workflow);
  });
}

export const createWorkflow = command({
  capability: CAPABILITY,
  schema: createWorkflowSchema,
  run: async (context, input): Promise<ActionResult<{ id: string }>> => {
    const scope = scopeFor(context.viewer, CAPABILITY);
    return context.db.transaction(async (tx) => {
      // A company outside the scope (a forged id), missing or archived: the same 403.
      const company = await findOpenCompanyInScope(tx, { scope, companyId: input.companyId });
      if (!company || !can(context.viewer, CAPABILITY, { companyId: company.id })) return forbidden();
      const values = {
        companyId: company.id,
        name: input.name,
        description: input.description,
        platform: input.platform,
        trigger: input.trigger,
        minutesSavedPerRun: input.minutesSavedPerRun,
      };
      const id = await insertWorkflow(tx, values);
      await audit(tx, context, {
        action: "workflow.create",
        targetType: "workflow",
        targetId: id,
        companyId: company.id,
        changes: changesBetween(null, { ...values, status: "active" }),
      });
      return { ok: true, message: `${input.name} was created for ${company.name}.`, data: { id } };
    });
  },
});

/**
 * Saves the settings form. Past runs keep the minutes saved they stored when they
 * finished (workflow_executions.minutes_saved); only the workflow row changes here.
 */
export const updateWorkflowSettings = command({
  capability: CAPABILITY,
  schema: updateWorkflowSchema,
  run: (context, input) =>
    withWorkflow(context, input.id, async (tx, workflow) => {
      if (workflow.status === "archived") return archivedConflict();
      const values = {
        name: input.name,
        description: input.description,
        platform: input.platform,
        trigger: input.trigger,
        minutesSavedPerRun: input.minutesSavedPerRun,
        status: input.status,
      };
      const changes = changesBetween<LockedWorkflow>(workflow, values);
      if (Object.keys(changes).length === 0) return { ok: true, message: "Nothing changed." };
      await updateWorkflow(tx, { id: workflow.id, values });
      await audit(tx, context, {
        action: "workflow.update",
        targetType: "workflow",
        targetId: workflow.id,
        companyId: workflow.companyId,
        changes,
      });
      return { ok: true, message: "The workflow's settings were saved." };
    }),
});

/**
 * One status step: pause, resume or archive. Asking for the status it already has changes
 * nothing (a double click is not an error); an archived workflow accepts no step.
 */
function statusCommand(spec: {
  action: string;
  to: WorkflowStatus;
  done: string;
  already: string;
  notify?: { type: "workflow_paused" | "workflow_resumed"; verb: string };
}) {
  return command({
    capability: CAPABILITY,
    schema: workflowIdSchema,
    run: async (context, input) => {
      // what to push once the transaction has committed
      const afterCommit: (() => Promise<unknown>)[] = [];
      const result = await withWorkflow(context, input.id, async (tx, workflow) => {
        if (workflow.status === spec.to) return { ok: true, message: spec.already };
        if (workflow.status === "archived") return archivedConflict();
        await updateWorkflow(tx, { id: workflow.id, values: { status: spec.to } });
        await audit(tx, context, {
          action: spec.action,
          targetType: "workflow",
          targetId: workflow.id,
          companyId: workflow.companyId,
          changes: { status: { from: workflow.status, to: spec.to } },
        });
        if (spec.notify) {
          afterCommit.push(
            await storeCompanyNotification(tx, workflow.companyId, {
              type: spec.notify.type,
              title: `${workflow.name} was ${spec.notify.verb}`,
              body: `The agency ${spec.notify.verb} this workflow.`,
              link: `/workflows/${workflow.id}`,
            }),
          );
        }
        const event = { id: workflow.id, companyId: workflow.companyId, status: spec.to };
        afterCommit.push(() => publish([channels.company(workflow.companyId), channels.staff], "workflow.updated", event));
        return { ok: true, message: spec.done };
      });
      await Promise.all(afterCommit.map((push) => push()));
      return result;
    },
  });
}

export const pauseWorkflow = statusCommand({
  action: "workflow.pause",
  to: "paused",
  done: "The workflow was paused.",
  already: "The workflow is already paused.",
  notify: { type: "workflow_paused", verb: "paused" },
});

export const resumeWorkflow = statusCommand({
  action: "workflow.resume",
  to: "active",
  done: "The workflow was resumed.",
  already: "The workflow is already active.",
  notify: { type: "workflow_resumed", verb: "resumed" },
});

export const archiveWorkflow = statusCommand({
  action: "workflow.archive",
  to: "archived",
  done: "The workflow was archived. It is now read-only.",
  already: "The workflow is already archived.",
});
