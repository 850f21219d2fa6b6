import type { Metadata } from "next";
import Link from "next/link";
import { SearchX } from "lucide-react";
import { focusRing } from "@/components/ui/focus-ring";

export const metadata: Metadata = { title: "Page not found" };

// Also what a page outside the viewer's company scope answers, so it never tells
// whether the record exists.
export default function NotFound() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="max-w-md text-center">
        <p className="text-2xl font-bold tracking-tight text-indigo-700">Nexus</p>
        <SearchX aria-hidden className="mx-auto mt-8 size-12 text-gray-500" strokeWidth={1.5} />
        <h1 className="mt-4 text-xl font-semibold text-gray-900">Page not found</h1>
        <p className="mt-2 text-sm text-gray-600">
          The page you asked for does not exist, or you do not have access to it.
        </p>
        <Link
          href="/"
          className={`mt-6 inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 ${focusRing}`}
        >
          Go to your home page
        </Link>
      </div>
    </main>
  );
}
