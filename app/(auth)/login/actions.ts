"use server";

import { AuthError } from "next-auth";
import { getDb } from "@/db";
import { findUserForSignIn } from "@/db/queries/sign-in";
import { signIn, signInSchema } from "@/lib/auth";
import { destinationAfterSignIn } from "@/lib/routes";

export type SignInState =
  | { status: "idle" }
  | { status: "error"; message: string; email: string }
  | { status: "signed-in"; destination: string };

// One message for an unknown email, a wrong password, a deactivated account and a
// throttled (locked) one: a lockout is never revealed here (README.md, "Sign-in limits").
const WRONG_CREDENTIALS = "That email and password do not match an active account.";

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) {
    return { status: "error", message: parsed.error.issues[0]?.message ?? WRONG_CREDENTIALS, email };
  }
  try {
    // redirect: false, then the browser navigates: a redirect from a server action
    // skips middleware and the next page would not see the new session (STACK.md).
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return { status: "error", message: WRONG_CREDENTIALS, email };
    throw error;
  }
  const user = await findUserForSignIn(getDb(), parsed.data.email);
  if (!user) return { status: "error", message: WRONG_CREDENTIALS, email };
  const next = formData.get("next");
  return { status: "signed-in", destination: destinationAfterSignIn(user.role, typeof next === "string" ? next : null) };
}
