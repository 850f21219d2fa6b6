"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton } from "@/components/ui/form";
import type { ActionResult } from "@/lib/action";
import type { N8nConnectionResult } from "@/lib/connectors/n8n";
import {
  deleteConnectionAction,
  setConnectionStatusAction,
  syncConnectionNowAction,
  testConnectionAction,
} from "../actions";
import { TestAnswer } from "./test-answer";

type Outcome =
  | { step: "test"; result: ActionResult<N8nConnectionResult> }
  | { step: "sync" | "status" | "delete"; result: ActionResult }
  | null;

/**
 * Test (with the stored URL and key), sync now, pause or resume, and delete behind a
 * confirmation. One action state for all, so the answer shown is always the last step's.
 */
export function ConnectionActions({
  companyId,
  connectionId,
  connectionName,
  status,
}: {
  companyId: string;
  connectionId: string;
  connectionName: string;
  status: "active" | "paused";
}) {
  const router = useRouter();
  const [outcome, formAction] = useActionState(async (_previous: Outcome, formData: FormData): Promise<Outcome> => {
    switch (formData.get("step")) {
      case "test":
        return { step: "test", result: await testConnectionAction(null, formData) };
      case "sync":
        return { step: "sync", result: await syncConnectionNowAction(null, formData) };
      case "status":
        return { step: "status", result: await setConnectionStatusAction(null, formData) };
      default:
        return { step: "delete", result: await deleteConnectionAction(null, formData) };
    }
  }, null);

  useEffect(() => {
    if (!outcome?.result.ok || outcome.step === "test") return;
    if (outcome.step === "delete") router.push(`/admin/companies/${companyId}`);
    else router.refresh();
  }, [outcome, companyId, router]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <form action={formAction}>
          <input type="hidden" name="connectionId" value={connectionId} />
          <input type="hidden" name="step" value="test" />
          <SubmitButton variant="secondary" pendingText="Testing…">
            Test connection
          </SubmitButton>
        </form>
        {status === "active" ? (
          <form action={formAction}>
            <input type="hidden" name="connectionId" value={connectionId} />
            <input type="hidden" name="step" value="sync" />
            <SubmitButton variant="secondary" pendingText="Asking…">
              Sync now
            </SubmitButton>
          </form>
        ) : null}
        <form action={formAction}>
          <input type="hidden" name="connectionId" value={connectionId} />
          <input type="hidden" name="step" value="status" />
          <input type="hidden" name="status" value={status === "active" ? "paused" : "active"} />
          <SubmitButton variant="secondary" pendingText={status === "active" ? "Pausing…" : "Resuming…"}>
            {status === "active" ? "Pause" : "Resume"}
          </SubmitButton>
        </form>
        <ConfirmDialog
          trigger="Delete"
          title={`Delete ${connectionName}?`}
          body={
            <p>
              Nexus stops syncing from this n8n and forgets its key and workflow choices. The workflows and the runs it
              imported stay. This cannot be undone.
            </p>
          }
          confirmLabel="Delete connection"
          formAction={formAction}
          hiddenFields={{ connectionId, step: "delete" }}
        />
      </div>
      {outcome?.step === "test" ? <TestAnswer result={outcome.result} /> : <FormMessage result={outcome?.result ?? null} />}
    </div>
  );
}
