import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { AlertEmailPreference, NotificationKind } from "@/db/schema";
import { AlertEmailForm } from "./alert-email-form";
import { NotificationPreferencesForm } from "./notification-preferences-form";
import { OtherSessions } from "./other-sessions";
import { PasswordForm } from "./password-form";
import { ProfileNameForm, type ProfileAction } from "./profile-name-form";

export type ProfileView = {
  name: string | null;
  email: string;
  otherSessions: number;
  alertEmail: AlertEmailPreference;
  notificationsMuted: NotificationKind[];
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
  actions: { updateName: ProfileAction; changePassword: ProfileAction; signOutOthers: ProfileAction; updateAlertEmail: ProfileAction; updateNotifications: ProfileAction };
  /** who reads the page: the alert email choices are explained differently */
  audience: "staff" | "client";
}) {
  return (
    <>
      <PageHeader title={title} description="Your own name and password, your notifications, how alerts reach you, and where you are signed in." />
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
        <Card title="Notifications" description="What appears in your notification center and on the bell. Account changes always do.">
          <NotificationPreferencesForm action={actions.updateNotifications} muted={profile.notificationsMuted} audience={audience} />
        </Card>
        <Card title="Alerts" description="How you hear about workflows that run late or keep failing, beside the notification in Nexus.">
          <AlertEmailForm action={actions.updateAlertEmail} value={profile.alertEmail} audience={audience} />
        </Card>
        <Card title="Sessions">
          <OtherSessions action={actions.signOutOthers} count={profile.otherSessions} />
        </Card>
      </div>
    </>
  );
}
