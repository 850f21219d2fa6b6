import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfilePage } from "@/components/profile/profile-page";
import { getDb } from "@/db";
import { countOtherActiveSessions, findOwnProfile } from "@/db/queries/profile";
import { requirePage } from "@/lib/guards";
import { emailChoices } from "@/lib/notification-kinds";
import { changeOwnPasswordAction, signOutOtherSessionsAction, updateOwnNotificationPreferencesAction, updateOwnProfileAction } from "./actions";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function AdminProfilePage() {
  const viewer = await requirePage("profile.own", "/admin/profile");
  const db = getDb();
  const [profile, otherSessions] = await Promise.all([
    findOwnProfile(db, { userId: viewer.id }),
    countOtherActiveSessions(db, { userId: viewer.id, currentSessionToken: viewer.sessionId }),
  ]);
  if (!profile) notFound();

  return (
    <ProfilePage
      title="Profile"
      profile={{
        name: profile.name,
        email: profile.email,
        otherSessions,
        notificationsMuted: profile.notificationsMuted,
        notificationEmail: emailChoices({ alertEmail: profile.alertEmail, emailNow: profile.notificationsEmailNow, emailDigest: profile.notificationsEmailDigest }),
      }}
      audience="staff"
      actions={{
        updateName: updateOwnProfileAction,
        changePassword: changeOwnPasswordAction,
        signOutOthers: signOutOtherSessionsAction,
        updateNotifications: updateOwnNotificationPreferencesAction,
      }}
    />
  );
}
