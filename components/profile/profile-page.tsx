import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { OtherSessions } from "./other-sessions";
import { PasswordForm } from "./password-form";
import { ProfileNameForm, type ProfileAction } from "./profile-name-form";

export type ProfileView = {
  name: string | null;
  email: string;
  mustChangePassword: boolean;
  otherSessions: number;
};

/** The own-account page of both areas (/admin/profile for staff, /settings for clients). */
export function ProfilePage({
  title,
  profile,
  actions,
}: {
  title: string;
  profile: ProfileView;
  actions: { updateName: ProfileAction; changePassword: ProfileAction; signOutOthers: ProfileAction };
}) {
  return (
    <>
      <PageHeader title={title} description="Your own name and password, and where you are signed in." />
      <div className="space-y-6">
        {profile.mustChangePassword ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="status">
            You signed in with a temporary password. Choose a new password below.
          </p>
        ) : null}
        <Card title="Your name" description="How you appear across Nexus.">
          <ProfileNameForm action={actions.updateName} name={profile.name ?? ""} email={profile.email} />
        </Card>
        <Card
          title="Password"
          description="Changing your password keeps you signed in here and signs you out everywhere else."
        >
          <PasswordForm action={actions.changePassword} />
        </Card>
        <Card title="Sessions">
          <OtherSessions action={actions.signOutOthers} count={profile.otherSessions} />
        </Card>
      </div>
    </>
  );
}
