"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const INTERVAL_MS = 5_000;

/**
 * Re-renders the page from the server every few seconds while a tracked workflow's history
 * is still being imported (the worker looks for due syncs about every 5 s), then stops.
 */
export function BackfillRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), INTERVAL_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
