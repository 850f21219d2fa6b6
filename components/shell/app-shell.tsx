import Link from "next/link";
import type { ReactNode } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { SidebarNav, type NavItem } from "./sidebar-nav";
import { SignOutButton } from "./sign-out-button";

/**
 * The frame shared by both areas: skip link, header (product, notifications slot, who is
 * signed in, sign out), the area navigation and the main landmark pages render into.
 */
export function AppShell({
  homeHref,
  navLabel,
  navItems,
  userName,
  roleLabel,
  headerActions,
  signOutAction,
  children,
}: {
  homeHref: string;
  navLabel: string;
  navItems: NavItem[];
  userName: string;
  roleLabel: string;
  headerActions?: ReactNode;
  /** the sign-out server action, from the layout */
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow-lg focus:outline-2 focus:outline-indigo-600"
      >
        Skip to content
      </a>
      <header className="border-b border-gray-200 bg-white print:hidden">
        <div className="flex h-16 items-center justify-between gap-4 px-4 sm:px-6">
          <Link
            href={homeHref}
            className={`rounded-sm text-xl font-bold tracking-tight text-indigo-700 hover:text-indigo-800 ${focusRing}`}
          >
            Nexus
          </Link>
          <div className="flex min-w-0 items-center gap-3 sm:gap-4">
            {headerActions}
            <div className="min-w-0 text-right">
              <p className="max-w-[9rem] truncate text-sm font-medium text-gray-900 sm:max-w-[16rem]">{userName}</p>
              <p className="text-xs text-gray-600">{roleLabel}</p>
            </div>
            <SignOutButton action={signOutAction} />
          </div>
        </div>
      </header>
      <div className="md:flex">
        <div className="border-b border-gray-200 bg-white md:w-60 md:shrink-0 md:border-b-0 md:border-r print:hidden">
          <SidebarNav label={navLabel} items={navItems} homeHref={homeHref} />
        </div>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
