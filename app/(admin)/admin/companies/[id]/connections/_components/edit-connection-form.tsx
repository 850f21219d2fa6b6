"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, type ChangeEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/form";
import { updateConnectionAction } from "../actions";
import { submitTo } from "./form-submit";

/** Name, URL and, when given, a new API key; a blank key keeps the stored one. */
export function EditConnectionForm({
  connectionId,
  name,
  baseUrl,
  apiKeyHint,
}: {
  connectionId: string;
  name: string;
  baseUrl: string;
  apiKeyHint: string;
}) {
  const router = useRouter();
  const [result, dispatch, pending] = useActionState(updateConnectionAction, null);
  const [values, setValues] = useState({ name, baseUrl, apiKey: "" });

  useEffect(() => {
    if (!result?.ok) return;
    // a saved key is never shown again
    setValues((current) => ({ ...current, apiKey: "" }));
    router.refresh();
  }, [result, router]);
  // the stored values win once the page re-renders after a save
  useEffect(() => {
    setValues((current) => ({ ...current, name, baseUrl }));
  }, [name, baseUrl]);

  const set = (field: keyof typeof values) => (event: ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  return (
    // method="post": were it submitted before the page's script runs, the key must not land in a URL
    <form method="post" noValidate onSubmit={submitTo(dispatch)} className="max-w-2xl space-y-4">
      <input type="hidden" name="connectionId" value={connectionId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required maxLength={80} autoComplete="off" value={values.name} onChange={set("name")} result={result} />
        <TextField
          label="Base URL"
          name="baseUrl"
          type="url"
          inputMode="url"
          required
          maxLength={500}
          autoComplete="off"
          value={values.baseUrl}
          onChange={set("baseUrl")}
          result={result}
        />
      </div>
      <TextField
        label="New API key (optional)"
        name="apiKey"
        type="password"
        maxLength={4000}
        autoComplete="off"
        spellCheck={false}
        hint={`Leave blank to keep the current key${apiKeyHint ? ` (…${apiKeyHint})` : ""}.`}
        value={values.apiKey}
        onChange={set("apiKey")}
        result={result}
      />
      <FormMessage result={result} />
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
