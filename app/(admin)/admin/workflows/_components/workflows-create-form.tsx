"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { createWorkflowAction } from "@/app/(admin)/admin/workflows/actions";
import { ButtonLink } from "@/components/ui/button";
import { FormMessage, SelectField } from "@/components/ui/form";
import { submitTo, WorkflowFields, WorkflowSubmitButton, type WorkflowFieldValues } from "./workflows-fields";

/** A new workflow for one of the companies in the viewer's scope; on success, its page. */
export function WorkflowsCreateForm({
  companies,
  defaultMinutesSavedPerRun,
  initialCompanyId,
}: {
  companies: readonly { id: string; name: string }[];
  defaultMinutesSavedPerRun: number;
  initialCompanyId: string | null;
}) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(createWorkflowAction, null);
  const [companyId, setCompanyId] = useState(initialCompanyId ?? "");
  const [values, setValues] = useState<WorkflowFieldValues>({
    name: "",
    description: "",
    platform: "n8n",
    trigger: "schedule",
    minutesSavedPerRun: "",
  });

  const createdId = result?.ok ? result.data?.id : undefined;
  useEffect(() => {
    if (createdId) router.push(`/admin/workflows/${createdId}`);
  }, [createdId, router]);

  const companyOptions = [{ value: "", label: "Choose a company" }, ...companies.map((company) => ({ value: company.id, label: company.name }))];

  return (
    <form onSubmit={submitTo(dispatch)} noValidate className="max-w-2xl space-y-5">
      <FormMessage result={result} />
      <SelectField
        label="Company"
        name="companyId"
        required
        value={companyId}
        onChange={(event) => setCompanyId(event.target.value)}
        options={companyOptions}
        result={result}
      />
      <WorkflowFields
        values={values}
        onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
        result={result}
        defaultMinutesSavedPerRun={defaultMinutesSavedPerRun}
      />
      <div className="flex flex-wrap items-center gap-3">
        <WorkflowSubmitButton pending={pending || Boolean(createdId)} label="Create workflow" pendingLabel="Creating…" />
        <ButtonLink href="/admin/workflows" variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
