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
import { NotificationBell } from "@/components/realtime/notification-bell";
import { AppShell } from "@/components/shell/app-shell";
import { roleLabel } from "@/components/shell/role-label";
import type { NavItem } from "@/components/shell/sidebar-nav";

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
export function ClientShell({
  user,
  unread,
  signOutAction,
  children,
}: {
  user: { id: string; name: string; role: Role };
  /** unread notifications, and the server time they were counted at */
  unread: { count: number; asOf: string };
  /** the sign-out server action, from the layout */
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <AppShell
      signOutAction={signOutAction}
      homeHref="/dashboard"
      navLabel="Main"
      navItems={navItems}
      userName={user.name}
      roleLabel={roleLabel(user.role)}
      headerActions={<NotificationBell userId={user.id} href="/notifications" initialUnread={unread.count} asOf={unread.asOf} />}
    >
      {children}
    </AppShell>
  );
}
