"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { deleteCredentialAction, updateCredentialAction } from "@/app/(client)/credentials/actions";
import { buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton, TextField } from "@/components/ui/form";
import { SecretField } from "./secret-field";
import { ServiceSuggestions } from "./service-suggestions";

export type CredentialActionsItem = { id: string; name: string; service: string };

/** A credential's row actions on /credentials: replace the secret (or rename), delete. */
export function CredentialRowActions({ credential }: { credential: CredentialActionsItem }) {
  const router = useRouter();
  const [deleted, deleteAction] = useActionState(deleteCredentialAction, null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (deleted?.ok) router.refresh();
  }, [deleted, router]);

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex justify-end gap-2">
        <ReplaceSecretDialog credential={credential} onOpen={() => setSaved(null)} onSaved={setSaved} />
        <ConfirmDialog
          trigger="Delete"
          title={`Delete “${credential.name}”?`}
          body="Its secret is erased for good. Workflows that use it will fail until they are given a new one."
          confirmLabel="Delete credential"
          formAction={deleteAction}
          hiddenFields={{ credentialId: credential.id }}
        />
      </div>
      {saved ? (
        <p role="status" data-testid="form-success" className="text-sm text-emerald-800">
          {saved}
        </p>
      ) : null}
      {deleted && !deleted.ok ? <FormMessage result={deleted} /> : null}
    </div>
  );
}

function ReplaceSecretDialog({
  credential,
  onOpen,
  onSaved,
}: {
  credential: CredentialActionsItem;
  onOpen: () => void;
  onSaved: (message: string) => void;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const servicesId = useId();
  const [result, formAction] = useActionState(updateCredentialAction, null);
  const [name, setName] = useState(credential.name);
  const [service, setService] = useState(credential.service);
  const [secret, setSecret] = useState("");
  // the latest callback, without re-running the effect below when the parent re-renders
  const onSavedRef = useRef(onSaved);
  useEffect(() => {
    onSavedRef.current = onSaved;
  });

  // Whatever the outcome, a typed secret does not linger in the form.
  useEffect(() => {
    if (!result) return;
    setSecret("");
    if (result.ok) {
      dialog.current?.close();
      onSavedRef.current(result.message ?? "Saved.");
      router.refresh();
    }
  }, [result, router]);

  const open = () => {
    setName(credential.name);
    setService(credential.service);
    setSecret("");
    onOpen();
    dialog.current?.showModal();
  };

  return (
    <>
      <button type="button" className={buttonClass("secondary")} onClick={open}>
        Replace secret<span className="sr-only"> of {credential.name}</span>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        className="m-auto w-full max-w-lg rounded-lg border border-gray-200 p-0 text-left whitespace-normal shadow-xl backdrop:bg-gray-900/40"
      >
        <form action={formAction} className="space-y-4 p-6">
          <h2 id={headingId} className="text-base font-semibold text-gray-900">
            Replace the secret of “{credential.name}”
          </h2>
          <p className="text-sm text-gray-700">
            A new secret replaces the stored one at once. Leave it blank to keep the secret and only change the name or service.
          </p>
          <input type="hidden" name="credentialId" value={credential.id} />
          <TextField
            label="Name"
            name="name"
            required
            maxLength={80}
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
            value={service}
            onChange={(event) => setService(event.target.value)}
            result={result}
          />
          <ServiceSuggestions id={servicesId} />
          <SecretField
            label="New secret"
            name="secret"
            maxLength={10_000}
            placeholder="A value is stored; leave blank to keep it"
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            result={result}
          />
          {result && !result.ok ? <FormMessage result={result} /> : null}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <SubmitButton pendingText="Saving…">Save</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
