"use server";

import { signOut } from "@/lib/auth";

/**
 * Ends the session (lib/auth.ts deletes its sessions row) and goes to the sign-in page.
 * No capability check: signing out only ever affects the caller's own session.
 */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
