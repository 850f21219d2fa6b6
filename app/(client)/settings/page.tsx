import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfilePage } from "@/components/profile/profile-page";
import { countOtherActiveSessions, findOwnProfile } from "@/db/queries/profile";
import { requirePage } from "@/lib/guards";
import { emailChoices } from "@/lib/notification-kinds";
import { clientAreaReads } from "@/lib/tenant-reads";
import { changeOwnPasswordAction, signOutOtherSessionsAction, updateOwnNotificationPreferencesAction, updateOwnProfileAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function ClientSettingsPage() {
  const viewer = await requirePage("profile.own", "/settings");
  const db = clientAreaReads(viewer);
  const [profile, otherSessions] = await Promise.all([
    findOwnProfile(db, { userId: viewer.id }),
    countOtherActiveSessions(db, { userId: viewer.id, currentSessionToken: viewer.sessionId }),
  ]);
  if (!profile) notFound();

  return (
    <ProfilePage
      title="Settings"
      profile={{
        name: profile.name,
        email: profile.email,
        otherSessions,
        notificationsMuted: profile.notificationsMuted,
        notificationEmail: emailChoices({ alertEmail: profile.alertEmail, emailNow: profile.notificationsEmailNow, emailDigest: profile.notificationsEmailDigest }),
      }}
      audience="client"
      actions={{
        updateName: updateOwnProfileAction,
        changePassword: changeOwnPasswordAction,
        signOutOthers: signOutOtherSessionsAction,
        updateNotifications: updateOwnNotificationPreferencesAction,
      }}
    />
  );
}
