"use client";

import { useActionState, useEffect } from "react";
import { signInAction, type SignInState } from "@/app/(auth)/login/actions";

export function LoginForm({ next, notice }: { next: string | null; notice: string | null }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, { status: "idle" });

  useEffect(() => {
    // A full navigation, so middleware and the new page see the fresh session cookie.
    if (state.status === "signed-in") window.location.assign(state.destination);
  }, [state]);

  const error = state.status === "error" ? state.message : null;
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {notice && !error ? (
        <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-800" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium text-gray-800">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.status === "error" ? state.email : ""}
          className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30"
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-gray-800">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
          className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/30"
        />
      </div>
      <button
        type="submit"
        disabled={pending || state.status === "signed-in"}
        className="flex w-full justify-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
      >
        {pending || state.status === "signed-in" ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
