import { AlertTriangle } from "lucide-react";

/** n8n did not give its workflow list: why, and what to check. The rest of the page still works. */
export function N8nWorkflowsError({ message, anyTracked }: { message: string; anyTracked: boolean }) {
  return (
    <div role="alert" className="flex items-start gap-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <AlertTriangle aria-hidden className="mt-0.5 size-5 shrink-0" />
      <div className="min-w-0 space-y-1">
        <p className="font-medium">Nexus could not read the workflow list from n8n.</p>
        <p className="break-words" data-testid="n8n-error">
          {message}
        </p>
        <p className="text-red-800">
          Check the base URL and the API key under “Edit connection” (Test connection tells you what n8n answers).
          {anyTracked ? " The workflows already tracked are listed below and can still be changed or untracked." : ""}
        </p>
      </div>
    </div>
  );
}
