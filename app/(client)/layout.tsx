import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ClientShell } from "@/components/client/client-shell";
import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { areaFor, homeFor } from "@/lib/routes";
import { getDb } from "@/db";
import { unreadCountOf } from "@/db/queries/notifications";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { realtimeClientConfig } from "@/lib/realtime";
import { getViewer } from "@/lib/session";

// The frame only. Layouts do not re-run on client navigation, so every page guards
// itself with requirePage; the checks here just avoid drawing the wrong frame.
export default async function ClientLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  // Signed out: the page itself redirects to /login with ?next= (it knows its path).
  if (!viewer) return children;
  if (areaFor(viewer.role) !== "client") redirect(homeFor(viewer.role));

  const unread = { asOf: new Date().toISOString(), count: await unreadCountOf(getDb(), viewer.id) };
  return (
    <RealtimeProvider config={realtimeClientConfig()}>
      <ClientShell user={{ id: viewer.id, name: viewer.name ?? viewer.email, role: viewer.role }} unread={unread} signOutAction={signOutAction}>
        {children}
      </ClientShell>
    </RealtimeProvider>
  );
}
