"use client";

import { Check, Copy } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

const expiryFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A one-time link (invitation or password reset) shown once, right after it was issued:
 * only its hash is stored, so it cannot be shown again.
 */
export function UsersPasswordLink({
  label,
  url,
  expiresAt,
  validFor,
  emailed,
  email,
}: {
  /** the field's label: "Invitation link" or "Password reset link" */
  label: string;
  url: string;
  /** ISO time */
  expiresAt: string;
  /** "7 days", "24 hours" */
  validFor: string;
  emailed: boolean;
  email: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(url);
      setCopy("copied");
    } catch {
      // No clipboard (an insecure origin, a denied permission): select it for a manual copy.
      input.current?.select();
      setCopy("failed");
    }
  }

  return (
    <div className="space-y-3 rounded-md border border-indigo-200 bg-indigo-50 p-4">
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={url}
          data-testid="password-link"
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={`${id}-note`}
          className="block w-full min-w-0 rounded-md border border-gray-300 bg-white px-3 py-2 font-mono text-xs text-gray-900 shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30"
        />
        <Button variant="secondary" onClick={copyLink} className="shrink-0">
          {copy === "copied" ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />}
          Copy link
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-gray-800">
        {copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "Copying failed: the link is selected, copy it with your keyboard." : ""}
      </p>
      <p id={`${id}-note`} className="text-sm text-gray-700">
        This link is shown only once. It works once and expires in {validFor} (
        <time dateTime={expiresAt}>{`${expiryFormat.format(new Date(expiresAt))} UTC`}</time>).
      </p>
      <p className="text-sm text-gray-700">
        {emailed ? `Sent by email to ${email}.` : `No email went out: copy the link and send it to ${email} yourself.`}
      </p>
    </div>
  );
}
