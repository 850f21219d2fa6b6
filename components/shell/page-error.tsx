"use client";

import { TriangleAlert } from "lucide-react";
import { useEffect } from "react";
import { focusRing } from "@/components/ui/focus-ring";

/** What a page shows when it failed to render: a plain message and a way to retry. */
export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // The server logged the details; the browser console keeps the digest for support.
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-white px-6 py-12 text-center shadow-sm">
      <TriangleAlert aria-hidden className="mx-auto size-10 text-rose-700" strokeWidth={1.5} />
      <h1 className="mt-3 text-lg font-semibold text-gray-900">Something went wrong</h1>
      <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">
        This page could not be loaded. Try again; if it keeps happening, let us know
        {error.digest ? ` and quote the reference ${error.digest}` : ""}.
      </p>
      <button
        type="button"
        onClick={reset}
        className={`mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 ${focusRing}`}
      >
        Try again
      </button>
    </div>
  );
}
