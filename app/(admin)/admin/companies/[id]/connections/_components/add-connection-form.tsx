"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, type ChangeEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/form";
import type { ActionResult } from "@/lib/action";
import type { N8nConnectionResult } from "@/lib/connectors/n8n";
import { createConnectionAction, testConnectionAction } from "../actions";
import { submitTo } from "./form-submit";
import { TestAnswer } from "./test-answer";

type Outcome =
  | { intent: "test"; result: ActionResult<N8nConnectionResult> }
  | { intent: "connect"; result: ActionResult<{ id: string }> }
  | null;

const empty = { name: "", baseUrl: "", apiKey: "" };

/**
 * Name, URL and API key of a new connection, with "Test connection" (asks n8n without
 * saving) and "Connect" (saves, then opens the connection to choose its workflows).
 */
export function AddConnectionForm({ companyId }: { companyId: string }) {
  const router = useRouter();
  const [values, setValues] = useState(empty);
  const [outcome, dispatch, pending] = useActionState(async (_previous: Outcome, formData: FormData): Promise<Outcome> => {
    if (formData.get("intent") === "test") return { intent: "test", result: await testConnectionAction(null, formData) };
    return { intent: "connect", result: await createConnectionAction(null, formData) };
  }, null);
  const [sent, setSent] = useState<"test" | "connect" | null>(null);

  const createdId = outcome?.intent === "connect" && outcome.result.ok ? outcome.result.data?.id : undefined;
  useEffect(() => {
    if (createdId) router.push(`/admin/companies/${companyId}/connections/${createdId}`);
  }, [createdId, companyId, router]);

  const fieldResult = outcome?.intent === "connect" ? outcome.result : null;
  const set = (field: keyof typeof empty) => (event: ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    // method="post": were it submitted before the page's script runs, the key must not land in a URL
    <form
      method="post"
      noValidate
      onSubmit={(event) => {
        const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
        setSent(submitter?.getAttribute("value") === "test" ? "test" : "connect");
        submitTo(dispatch)(event);
      }}
      className="space-y-4"
    >
      <input type="hidden" name="companyId" value={companyId} />
      <div className="grid gap-4 md:grid-cols-3">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={80}
          autoComplete="off"
          placeholder="e.g. Production n8n"
          value={values.name}
          onChange={set("name")}
          result={fieldResult}
        />
        <TextField
          label="Base URL"
          name="baseUrl"
          type="url"
          inputMode="url"
          required
          maxLength={500}
          autoComplete="off"
          placeholder="https://n8n.example.com"
          value={values.baseUrl}
          onChange={set("baseUrl")}
          result={fieldResult}
        />
        <TextField
          label="API key"
          name="apiKey"
          type="password"
          required
          maxLength={4000}
          autoComplete="off"
          spellCheck={false}
          hint="Stored encrypted; only its last 4 characters are shown again."
          value={values.apiKey}
          onChange={set("apiKey")}
          result={fieldResult}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="test" disabled={pending} className={buttonClass("secondary")}>
          {pending && sent === "test" ? "Testing…" : "Test connection"}
        </button>
        <button type="submit" name="intent" value="connect" disabled={pending || Boolean(createdId)} className={buttonClass("primary")}>
          {(pending && sent === "connect") || createdId ? "Connecting…" : "Connect"}
        </button>
      </div>
      {outcome?.intent === "test" ? <TestAnswer result={outcome.result} /> : null}
      {outcome?.intent === "connect" ? <FormMessage result={outcome.result} /> : null}
    </form>
  );
}
