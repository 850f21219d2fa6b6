"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu, X } from "lucide-react";
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import { LinkPending } from "./link-pending";

export type NavItem = {
  href: string;
  label: string;
  /** an icon element rendered by the server (decorative) */
  icon: ReactNode;
};

/** "page" on the page itself; "true" on a section link while inside one of its sub-pages. */
function currentFor(pathname: string, href: string, isHome: boolean): "page" | "true" | undefined {
  if (pathname === href) return "page";
  if (!isHome && pathname.startsWith(`${href}/`)) return "true";
  return undefined;
}

/**
 * The area's navigation: a sidebar on wide screens, a disclosure menu on small ones.
 * One list serves both, so there is exactly one navigation landmark.
 */
export function SidebarNav({ label, items, homeHref }: { label: string; items: NavItem[]; homeHref: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const listId = "area-navigation";

  function closeOnEscape(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape" && open) {
      setOpen(false);
      document.getElementById(`${listId}-toggle`)?.focus();
    }
  }

  return (
    <nav aria-label={label} onKeyDown={closeOnEscape} className="px-3 py-2 md:py-6">
      <button
        type="button"
        id={`${listId}-toggle`}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((value) => !value)}
        className={`inline-flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-gray-800 hover:bg-gray-100 md:hidden ${focusRing}`}
      >
        {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
        Menu
      </button>
      <ul id={listId} className={`${open ? "block" : "hidden"} mt-2 space-y-1 md:mt-0 md:block`}>
        {items.map((item) => {
          const current = currentFor(pathname, item.href, item.href === homeHref);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current}
                onClick={() => setOpen(false)}
                className={`flex items-center gap-3 rounded-md border-l-4 px-3 py-2 text-sm ${focusRing} ${
                  current
                    ? "border-indigo-600 bg-indigo-50 font-semibold text-indigo-800"
                    : "border-transparent font-medium text-gray-700 hover:bg-gray-100 hover:text-gray-900"
                }`}
              >
                <span aria-hidden className="flex size-5 shrink-0 items-center justify-center">
                  {item.icon}
                </span>
                {item.label}
                <LinkPending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
