"use client";

import { PageError } from "@/components/shell/page-error";

export default function ClientError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError error={error} reset={reset} />;
}
