import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { can } from "@/lib/authz";
import { areaFor, homeFor } from "@/lib/routes";
import { getDb } from "@/db";
import { unreadCountOf } from "@/db/queries/notifications";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { devMailboxEnabled } from "@/lib/mail";
import { realtimeClientConfig } from "@/lib/realtime";
import { getViewer } from "@/lib/session";

// The frame only. Layouts do not re-run on client navigation, so every page guards
// itself with requirePage; the checks here just avoid drawing the wrong frame.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  // Signed out: the page itself redirects to /login with ?next= (it knows its path).
  if (!viewer) return children;
  if (areaFor(viewer.role) !== "admin") redirect(homeFor(viewer.role));

  const unread = { asOf: new Date().toISOString(), count: await unreadCountOf(getDb(), viewer.id) };
  return (
    <RealtimeProvider config={realtimeClientConfig()}>
      <AdminShell
        user={{ id: viewer.id, name: viewer.name ?? viewer.email, role: viewer.role }}
        showSettings={can(viewer, "platformSettings.manage")}
        showMailbox={can(viewer, "platformSettings.manage") && devMailboxEnabled()}
        unread={unread}
        signOutAction={signOutAction}
      >
        {children}
      </AdminShell>
    </RealtimeProvider>
  );
}
