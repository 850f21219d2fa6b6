import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { findUserForPasswordLink } from "@/db/queries/users";
import { SetPasswordForm } from "@/app/(auth)/set-password/[token]/_components/set-password-form";
import { focusRing } from "@/components/ui/focus-ring";
import { inspectPasswordLink } from "@/lib/password-links";
import { LINK_EXPIRED, LINK_INVALID } from "./schema";

export const metadata: Metadata = {
  title: "Set your password",
  // The token is in the path: never send it on as a referrer, never index it.
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};
export const dynamic = "force-dynamic";

// Public: whoever holds the one-time link may use it; it is checked here and again on submit.
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  // A token is "<uuid>.<base64url>": nothing in it is ever percent-encoded.
  const { token } = await params;
  const db = getDb();
  const link = await inspectPasswordLink(db, token);
  // A link of a deactivated (or deleted) account is as good as no link.
  const user = link.state === "valid" ? await findUserForPasswordLink(db, link.userId) : null;
  const refusal = link.state === "expired" ? LINK_EXPIRED : user ? null : LINK_INVALID;

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-bold tracking-tight text-indigo-700">Nexus</p>
          <h1 className="mt-2 text-lg font-semibold text-gray-900">Set your password</h1>
        </div>
        <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
          {refusal || !user ? (
            <div className="space-y-4">
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="link-refused">
                {refusal}
              </p>
              <Link
                href="/login"
                className={`inline-block rounded-sm text-sm font-medium text-indigo-700 hover:text-indigo-900 ${focusRing}`}
              >
                Go to sign-in
              </Link>
            </div>
          ) : (
            <SetPasswordForm token={token} email={user.email} />
          )}
        </div>
      </div>
    </main>
  );
}
