"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { updateWorkflowSettingsAction } from "@/app/(admin)/admin/workflows/actions";
import { FormMessage, SelectField } from "@/components/ui/form";
import { submitTo, WorkflowFields, WorkflowSubmitButton, type WorkflowFieldValues } from "./workflows-fields";

export type WorkflowSettingsValues = WorkflowFieldValues & { status: "active" | "paused" };

const statusOptions = [
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
];

/** The settings of a workflow that is not archived. After a save, the page re-renders with the stored values. */
export function WorkflowsSettingsForm({
  workflowId,
  initial,
  defaultMinutesSavedPerRun,
}: {
  workflowId: string;
  initial: WorkflowSettingsValues;
  defaultMinutesSavedPerRun: number;
}) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(updateWorkflowSettingsAction, null);
  const [values, setValues] = useState<WorkflowSettingsValues>(initial);

  useEffect(() => {
    if (result?.ok) router.refresh();
  }, [result, router]);

  // The stored values win once the page re-renders after a save (" 7" comes back as "7"),
  // and a pause or resume from the buttons above shows here too.
  const { name, description, platform, trigger, minutesSavedPerRun, status } = initial;
  useEffect(() => {
    setValues({ name, description, platform, trigger, minutesSavedPerRun, status });
  }, [name, description, platform, trigger, minutesSavedPerRun, status]);

  return (
    <form onSubmit={submitTo(dispatch)} noValidate className="max-w-2xl space-y-5">
      <FormMessage result={result} />
      <input type="hidden" name="id" value={workflowId} />
      <WorkflowFields
        values={values}
        onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
        result={result}
        defaultMinutesSavedPerRun={defaultMinutesSavedPerRun}
      />
      <SelectField
        label="Status"
        name="status"
        value={values.status}
        onChange={(event) => setValues((current) => ({ ...current, status: event.target.value === "paused" ? "paused" : "active" }))}
        options={statusOptions}
        hint="Pausing shows the workflow as paused to staff and the client; it keeps its settings and run history."
        result={result}
      />
      <WorkflowSubmitButton pending={pending} label="Save" pendingLabel="Saving…" />
    </form>
  );
}
