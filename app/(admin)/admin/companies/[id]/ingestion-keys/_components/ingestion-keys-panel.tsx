"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import {
  createIngestionKeyAction,
  revokeIngestionKeyAction,
} from "@/app/(admin)/admin/companies/[id]/ingestion-keys/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage, SubmitButton, TextField, type FormResult } from "@/components/ui/form";
import { StatusBadge } from "@/components/ui/status-badge";

export type IngestionKeyItem = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const when = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const format = (value: string | null, fallback: string) => (value ? `${when.format(new Date(value))} UTC` : fallback);

/** A company's ingestion keys: create (the key is shown once), list, revoke. */
export function IngestionKeysPanel({ companyId, keys, canManage }: { companyId: string; keys: IngestionKeyItem[]; canManage: boolean }) {
  const router = useRouter();
  const [created, createAction] = useActionState(createIngestionKeyAction, null);
  const [revoked, revokeAction] = useActionState(revokeIngestionKeyAction, null);
  const [copied, setCopied] = useState(false);
  const newKey = created?.ok ? created.data?.key : undefined;

  useEffect(() => {
    if (created?.ok || revoked?.ok) router.refresh();
  }, [created, revoked, router]);

  return (
    <Card title="Ingestion keys" description="Automation engines send runs with one of these keys (see the README's ingestion API).">
      <div className="space-y-4">
        {newKey ? (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="new-ingestion-key">
            <p className="font-medium">Copy this key now: it is not stored and will not be shown again.</p>
            <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-gray-900">{newKey}</code>
            <Button
              variant="secondary"
              className="mt-2"
              onClick={() => void navigator.clipboard.writeText(newKey).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy key"}
            </Button>
          </div>
        ) : null}
        <FormMessage result={revoked as FormResult} />
        {keys.length === 0 ? (
          <p className="text-sm text-gray-700">No keys yet. Create one for each engine that reports runs.</p>
        ) : (
          <ul className="divide-y divide-gray-200">
            {keys.map((key) => (
              <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-gray-900">
                    {key.name} <code className="ml-1 font-mono text-gray-700">{key.prefix}…</code>
                  </p>
                  <p className="text-gray-600">
                    Created {format(key.createdAt, "")} · last used {format(key.lastUsedAt, "never")}
                  </p>
                </div>
                {key.revokedAt ? (
                  <StatusBadge status="archived" label="Revoked" />
                ) : canManage ? (
                  <ConfirmDialog
                    trigger="Revoke"
                    title={`Revoke ${key.prefix}…?`}
                    body="Engines that use this key will get 401 from then on. This cannot be undone."
                    confirmLabel="Revoke key"
                    formAction={revokeAction}
                    hiddenFields={{ keyId: key.id }}
                  />
                ) : (
                  <StatusBadge status="active" label="Active" />
                )}
              </li>
            ))}
          </ul>
        )}
        {canManage ? (
          <form action={createAction} className="flex flex-wrap items-end gap-3 border-t border-gray-200 pt-4">
            <input type="hidden" name="companyId" value={companyId} />
            <div className="min-w-56 flex-1">
              <TextField label="New key name" name="name" placeholder="e.g. n8n production" required maxLength={80} result={created as FormResult} />
            </div>
            <SubmitButton pendingText="Creating…">Create key</SubmitButton>
          </form>
        ) : null}
        {created && !created.ok ? <FormMessage result={created as FormResult} /> : null}
      </div>
    </Card>
  );
}
