import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { NotificationKind } from "@/db/schema";
import type { EmailChoice } from "@/lib/notification-kinds";
import { NotificationPreferencesForm } from "./notification-preferences-form";
import { OtherSessions } from "./other-sessions";
import { PasswordForm } from "./password-form";
import { ProfileNameForm, type ProfileAction } from "./profile-name-form";

export type ProfileView = {
  name: string | null;
  email: string;
  otherSessions: number;
  notificationsMuted: NotificationKind[];
  /** per kind: no email, at once, or the daily digest (alerts: the alert email setting) */
  notificationEmail: Record<NotificationKind, EmailChoice>;
};

/** The own-account page of both areas (/admin/profile for staff, /settings for clients). */
export function ProfilePage({
  title,
  profile,
  actions,
  audience,
}: {
  title: string;
  profile: ProfileView;
  actions: { updateName: ProfileAction; changePassword: ProfileAction; signOutOthers: ProfileAction; updateNotifications: ProfileAction };
  /** who reads the page: staff are offered alerts only */
  audience: "staff" | "client";
}) {
  return (
    <>
      <PageHeader title={title} description="Your own name and password, your notifications and emails, and where you are signed in." />
      <div className="space-y-6">
        <Card title="Your name" description="How you appear across Nexus.">
          <ProfileNameForm action={actions.updateName} name={profile.name ?? ""} email={profile.email} />
        </Card>
        <Card
          title="Password"
          description="Changing your password keeps you signed in here and signs you out everywhere else."
        >
          <PasswordForm action={actions.changePassword} />
        </Card>
        <Card
          title="Notifications"
          description="Per kind: whether it appears in your notification center and on the bell, and whether it also reaches you by email, at once or in one email a day. Account changes always appear."
        >
          <NotificationPreferencesForm action={actions.updateNotifications} muted={profile.notificationsMuted} email={profile.notificationEmail} audience={audience} />
        </Card>
        <Card title="Sessions">
          <OtherSessions action={actions.signOutOthers} count={profile.otherSessions} />
        </Card>
      </div>
    </>
  );
}
