import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/** What a page or section will show once there is something to show. */
export function EmptyState({
  icon: Icon,
  title,
  text,
  action,
  headingLevel = 2,
}: {
  icon: LucideIcon;
  title: string;
  text: ReactNode;
  action?: ReactNode;
  /** 2 directly under the page title, 3 inside a titled section */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-12 text-center">
      <Icon aria-hidden className="mx-auto size-10 text-gray-500" strokeWidth={1.5} />
      <Heading className="mt-3 text-base font-semibold text-gray-900">{title}</Heading>
      <p className="mx-auto mt-1 max-w-md text-sm text-gray-600">{text}</p>
      {action ? <div className="mt-6 flex justify-center">{action}</div> : null}
    </div>
  );
}
