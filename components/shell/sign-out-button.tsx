import { LogOut } from "lucide-react";
import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { focusRing } from "@/components/ui/focus-ring";

/** A plain form, so signing out works before JavaScript has loaded. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className={`inline-flex items-center gap-1.5 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-800 shadow-sm hover:bg-gray-50 ${focusRing}`}
      >
        <LogOut aria-hidden className="size-4" />
        Sign out
      </button>
    </form>
  );
}
