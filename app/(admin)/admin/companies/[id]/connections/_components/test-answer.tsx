import { CheckCircle2, XCircle } from "lucide-react";
import type { ActionResult } from "@/lib/action";
import type { N8nConnectionResult } from "@/lib/connectors/n8n";

/**
 * What n8n answered a connection test: green when it took the key, red with the reason
 * when not. The command succeeds either way (it asked); its data says what n8n answered.
 */
export function TestAnswer({ result }: { result: ActionResult<N8nConnectionResult> | null }) {
  if (!result) return null;
  let connected: boolean;
  let text: string;
  if (result.ok) {
    connected = result.data?.ok ?? false;
    text = result.data?.message ?? result.message ?? "n8n did not answer.";
  } else {
    connected = false;
    // The draft's fields are checked as one union (schema.ts), so their errors come back
    // without a field name: say what to check rather than "check the highlighted fields".
    const fieldNames = Object.keys(result.fieldErrors ?? {});
    text =
      fieldNames.length > 0 && fieldNames.every((name) => name === "form")
        ? "Check the URL and the key: enter the full address of the n8n (https://…) and paste the whole API key."
        : result.error;
  }
  const Icon = connected ? CheckCircle2 : XCircle;
  return (
    <p
      role="status"
      data-testid="connection-test-answer"
      data-connected={connected}
      className={`flex items-start gap-2 rounded-md border px-3 py-2 text-sm ${
        connected ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900"
      }`}
    >
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span className="min-w-0 break-words">{text}</span>
    </p>
  );
}
