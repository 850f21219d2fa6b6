"use client";

import { useLinkStatus } from "next/link";
import { Loader } from "lucide-react";

/**
 * Shown inside a navigation link while the page it leads to loads. The areas have no
 * route-level loading.tsx: with one, a router.refresh() right after a navigation was
 * sometimes fetched and then never applied (Next 15.5; see the realtime e2e specs).
 */
export function LinkPending() {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span role="status" className="ml-auto inline-flex">
      <Loader aria-hidden className="size-4 text-indigo-600 motion-safe:animate-spin" />
      <span className="sr-only">Loading</span>
    </span>
  );
}
