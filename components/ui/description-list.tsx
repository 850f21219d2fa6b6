import type { ReactNode } from "react";

/** Label/value pairs, two columns on wide screens. */
export function DescriptionList({ items }: { items: { term: string; value: ReactNode }[] }) {
  return (
    <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2">
      {items.map((item) => (
        <div key={item.term} className="min-w-0">
          <dt className="font-medium text-gray-600">{item.term}</dt>
          <dd className="mt-1 break-words text-gray-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
