"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { archiveWorkflowAction, pauseWorkflowAction, resumeWorkflowAction } from "@/app/(admin)/admin/workflows/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton } from "@/components/ui/form";

const actions = { pause: pauseWorkflowAction, resume: resumeWorkflowAction, archive: archiveWorkflowAction } as const;

type Result = Awaited<ReturnType<typeof pauseWorkflowAction>>;

/**
 * Pause or resume, and archive behind a confirmation; not shown for an archived workflow.
 * One action state for the three, so the message shown is always the last step's.
 */
export function WorkflowsStatusActions({
  workflowId,
  workflowName,
  status,
}: {
  workflowId: string;
  workflowName: string;
  status: "active" | "paused";
}) {
  const router = useRouter();
  const [result, formAction] = useActionState(async (previous: Result | null, formData: FormData) => {
    const step = formData.get("step");
    const action = step === "pause" || step === "resume" ? actions[step] : actions.archive;
    return action(previous, formData);
  }, null);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <div className="flex flex-wrap items-center gap-2">
        <form action={formAction}>
          <input type="hidden" name="id" value={workflowId} />
          {status === "active" ? (
            <>
              <input type="hidden" name="step" value="pause" />
              <SubmitButton variant="secondary" pendingText="Pausing…">
                Pause
              </SubmitButton>
            </>
          ) : (
            <>
              <input type="hidden" name="step" value="resume" />
              <SubmitButton pendingText="Resuming…">Resume</SubmitButton>
            </>
          )}
        </form>
        <ConfirmDialog
          trigger="Archive"
          title="Archive this workflow?"
          body={
            <p>
              {workflowName} will become read-only and leave the workflow lists. Its run history stays, and the
              runs it already made still count in reports and invoices.
            </p>
          }
          confirmLabel="Archive workflow"
          formAction={formAction}
          hiddenFields={{ id: workflowId, step: "archive" }}
        />
      </div>
      <FormMessage result={result} />
    </div>
  );
}
