"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId, useState } from "react";
import { createCredentialAction } from "@/app/(client)/credentials/actions";
import { FormMessage, SubmitButton, TextField } from "@/components/ui/form";
import { SecretField } from "./secret-field";
import { ServiceSuggestions } from "./service-suggestions";

/** Adds a credential. Controlled fields, so a refused submission keeps what was typed. */
export function CredentialCreateForm() {
  const router = useRouter();
  const servicesId = useId();
  const [result, formAction] = useActionState(createCredentialAction, null);
  const [name, setName] = useState("");
  const [service, setService] = useState("");
  const [secret, setSecret] = useState("");

  useEffect(() => {
    if (!result?.ok) return;
    setName("");
    setService("");
    setSecret("");
    router.refresh();
  }, [result, router]);

  return (
    <form action={formAction} className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={80}
          placeholder="e.g. Stripe live account"
          value={name}
          onChange={(event) => setName(event.target.value)}
          result={result}
        />
        <TextField
          label="Service"
          name="service"
          required
          maxLength={80}
          list={servicesId}
          placeholder="e.g. Stripe"
          value={service}
          onChange={(event) => setService(event.target.value)}
          result={result}
        />
      </div>
      <ServiceSuggestions id={servicesId} />
      <SecretField
        label="Secret"
        name="secret"
        required
        maxLength={10_000}
        hint="An API key, token or password. It is encrypted before it is stored, and no one at the agency can see it without you being told."
        value={secret}
        onChange={(event) => setSecret(event.target.value)}
        result={result}
      />
      <FormMessage result={result} />
      <SubmitButton pendingText="Adding…">Add credential</SubmitButton>
    </form>
  );
}
