"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { revealCredentialAction } from "../actions";
import { buttonClass } from "@/components/ui/button";
import { MaskedSecret } from "@/components/credentials/masked-secret";

const SHOWN_FOR_SECONDS = 30;

/**
 * A staff member's Reveal, in place of the masked value: the secret arrives in the
 * action's response only (never in the page), stays in this component's state, and is
 * dropped after 30 seconds or on Hide.
 */
export function RevealSecret({ credentialId, name, hint }: { credentialId: string; name: string; hint: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const [remaining, setRemaining] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const revealButton = useRef<HTMLButtonElement>(null);
  const hideButton = useRef<HTMLButtonElement>(null);
  const focusAfterHide = useRef(false);

  // Give focus back to Reveal only when it was inside this component, so an automatic
  // hide never pulls focus from elsewhere on the page.
  const hide = () => {
    focusAfterHide.current = container.current?.contains(document.activeElement) ?? false;
    setSecret(null);
    setCopied(null);
  };

  useEffect(() => {
    if (secret === null) {
      if (focusAfterHide.current) revealButton.current?.focus();
      focusAfterHide.current = false;
      return;
    }
    hideButton.current?.focus();
    setRemaining(SHOWN_FOR_SECONDS);
    const tick = window.setInterval(() => setRemaining((seconds) => Math.max(0, seconds - 1)), 1000);
    const timeout = window.setTimeout(() => {
      focusAfterHide.current = container.current?.contains(document.activeElement) ?? false;
      setSecret(null);
      setCopied(null);
    }, SHOWN_FOR_SECONDS * 1000);
    return () => {
      window.clearInterval(tick);
      window.clearTimeout(timeout);
    };
  }, [secret]);

  const reveal = () =>
    startTransition(async () => {
      setError(null);
      const formData = new FormData();
      formData.set("credentialId", credentialId);
      const result = await revealCredentialAction(null, formData);
      if (result.ok && result.data) {
        setSecret(result.data.secret);
        setCopied(null);
        // the "last viewed" column changed
        router.refresh();
      } else {
        setError(result.ok ? "Nothing came back. Try again." : result.error);
      }
    });

  const copy = () => {
    if (secret === null) return;
    navigator.clipboard.writeText(secret).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };

  return (
    <div ref={container} className="min-w-56 max-w-md space-y-1.5 whitespace-normal">
      {secret === null ? (
        <div className="flex flex-wrap items-center gap-3">
          <MaskedSecret hint={hint} />
          <button ref={revealButton} type="button" className={buttonClass("secondary")} onClick={reveal} disabled={pending}>
            {pending ? "Revealing…" : "Reveal"}
            <span className="sr-only"> {name}</span>
          </button>
        </div>
      ) : (
        <div className="space-y-1.5">
          <code data-testid="revealed-secret" translate="no" className="block max-w-md whitespace-pre-wrap break-all rounded bg-amber-50 px-2 py-1 font-mono text-sm text-gray-900 ring-1 ring-amber-300">
            {secret}
          </code>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={copy}>
              {copied === "yes" ? "Copied" : "Copy"}
              <span className="sr-only"> the secret of {name}</span>
            </button>
            <button ref={hideButton} type="button" className={buttonClass("secondary")} onClick={hide}>
              Hide<span className="sr-only"> the secret of {name}</span>
            </button>
            <span className="text-xs text-gray-600" aria-hidden>
              Hides in {remaining} s
            </span>
          </div>
        </div>
      )}
      <p role="status" className="text-xs text-gray-700">
        {secret === null
          ? ""
          : copied === "failed"
            ? "Copying failed: select the secret and copy it."
            : `Shown for ${SHOWN_FOR_SECONDS} seconds. This view is logged and the company's users were notified.`}
      </p>
      {error ? (
        <p role="alert" data-testid="form-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
