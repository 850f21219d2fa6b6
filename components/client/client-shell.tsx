import Link from "next/link";
import {
  Bell,
  CreditCard,
  FileChartColumn,
  KeyRound,
  LayoutDashboard,
  Settings,
  Workflow,
} from "lucide-react";
import type { ReactNode } from "react";
import type { Role } from "@/db/schema";
import { AppShell } from "@/components/shell/app-shell";
import { roleLabel } from "@/components/shell/role-label";
import type { NavItem } from "@/components/shell/sidebar-nav";
import { focusRing } from "@/components/ui/focus-ring";

const iconClass = "size-5";

const navItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: <LayoutDashboard className={iconClass} /> },
  { href: "/workflows", label: "Workflows", icon: <Workflow className={iconClass} /> },
  { href: "/reports", label: "Reports", icon: <FileChartColumn className={iconClass} /> },
  { href: "/credentials", label: "Credentials", icon: <KeyRound className={iconClass} /> },
  { href: "/notifications", label: "Notifications", icon: <Bell className={iconClass} /> },
  { href: "/billing", label: "Billing", icon: <CreditCard className={iconClass} /> },
  { href: "/settings", label: "Settings", icon: <Settings className={iconClass} /> },
];

/** The client area's frame, with the notification bell in the header. */
export function ClientShell({ user, children }: { user: { name: string; role: Role }; children: ReactNode }) {
  return (
    <AppShell
      homeHref="/dashboard"
      navLabel="Main"
      navItems={navItems}
      userName={user.name}
      roleLabel={roleLabel(user.role)}
      headerActions={
        // The unread count comes with realtime notifications.
        <Link
          href="/notifications"
          aria-label="Notifications"
          className={`rounded-full p-2 text-gray-700 hover:bg-gray-100 hover:text-gray-900 ${focusRing}`}
        >
          <Bell aria-hidden className="size-5" />
        </Link>
      }
    >
      {children}
    </AppShell>
  );
}
