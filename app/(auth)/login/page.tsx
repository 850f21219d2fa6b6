import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/app/(auth)/login/_components/login-form";
import { destinationAfterSignIn } from "@/lib/routes";
import { getViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next: rawNext } = await searchParams;
  const next = typeof rawNext === "string" ? rawNext : null;
  // Already signed in (checked against the database, not just the cookie): go home.
  const viewer = await getViewer();
  if (viewer) redirect(destinationAfterSignIn(viewer.role, next));

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-bold tracking-tight text-indigo-700">Nexus</p>
          <h1 className="mt-2 text-lg font-semibold text-gray-900">Sign in to your account</h1>
        </div>
        <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
          <LoginForm next={next} notice={next ? "Sign in to continue." : null} />
        </div>
      </div>
    </main>
  );
}
