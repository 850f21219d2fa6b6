/** The placeholder a page shows while its data loads. */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse motion-reduce:animate-none">
      <span className="sr-only">Loading…</span>
      <div aria-hidden className="mb-6 border-b border-gray-200 pb-5">
        <div className="h-7 w-48 rounded bg-gray-200" />
        <div className="mt-2 h-4 w-80 max-w-full rounded bg-gray-200" />
      </div>
      <div aria-hidden className="grid gap-4 sm:grid-cols-3">
        <div className="h-28 rounded-lg bg-gray-200" />
        <div className="h-28 rounded-lg bg-gray-200" />
        <div className="h-28 rounded-lg bg-gray-200" />
      </div>
      <div aria-hidden className="mt-6 h-72 rounded-lg bg-gray-200" />
    </div>
  );
}
