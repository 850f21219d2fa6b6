import {
  Activity,
  Bell,
  BellRing,
  Building2,
  Inbox,
  CreditCard,
  LayoutDashboard,
  ScrollText,
  Settings,
  UserRound,
  Users,
  Workflow,
} from "lucide-react";
import type { ReactNode } from "react";
import type { Role } from "@/db/schema";
import { NotificationBell } from "@/components/realtime/notification-bell";
import { AppShell } from "@/components/shell/app-shell";
import { roleLabel } from "@/components/shell/role-label";
import type { NavItem } from "@/components/shell/sidebar-nav";

const iconClass = "size-5";

/** The staff area's frame, with the notification bell in the header. */
export function AdminShell({
  user,
  showSettings,
  showMailbox = false,
  unread,
  signOutAction,
  children,
}: {
  user: { id: string; name: string; role: Role };
  /** unread notifications, and the server time they were counted at */
  unread: { count: number; asOf: string };
  /** platform settings are admin-only; the layout asks lib/authz */
  showSettings: boolean;
  /** the development mailbox (admins, when mail without SMTP is kept); the layout decides */
  showMailbox?: boolean;
  /** the sign-out server action, from the layout */
  signOutAction: () => Promise<void>;
  children: ReactNode;
}) {
  const navItems: NavItem[] = [
    { href: "/admin", label: "Dashboard", icon: <LayoutDashboard className={iconClass} /> },
    { href: "/admin/users", label: "Users", icon: <Users className={iconClass} /> },
    { href: "/admin/companies", label: "Companies", icon: <Building2 className={iconClass} /> },
    { href: "/admin/workflows", label: "Workflows", icon: <Workflow className={iconClass} /> },
    { href: "/admin/executions", label: "Executions", icon: <Activity className={iconClass} /> },
    { href: "/admin/alerts", label: "Alerts", icon: <BellRing className={iconClass} /> },
    { href: "/admin/billing", label: "Billing", icon: <CreditCard className={iconClass} /> },
    { href: "/admin/audit", label: "Audit log", icon: <ScrollText className={iconClass} /> },
    { href: "/admin/notifications", label: "Notifications", icon: <Bell className={iconClass} /> },
    ...(showSettings
      ? [{ href: "/admin/settings", label: "Settings", icon: <Settings className={iconClass} /> }]
      : []),
    ...(showMailbox ? [{ href: "/admin/mailbox", label: "Mailbox", icon: <Inbox className={iconClass} /> }] : []),
    { href: "/admin/profile", label: "Profile", icon: <UserRound className={iconClass} /> },
  ];

  return (
    <AppShell
      signOutAction={signOutAction}
      homeHref="/admin"
      navLabel="Admin"
      navItems={navItems}
      userName={user.name}
      roleLabel={roleLabel(user.role)}
      headerActions={<NotificationBell userId={user.id} href="/admin/notifications" initialUnread={unread.count} asOf={unread.asOf} />}
    >
      {children}
    </AppShell>
  );
}
