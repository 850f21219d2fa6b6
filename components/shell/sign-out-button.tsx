import { LogOut } from "lucide-react";
import { focusRing } from "@/components/ui/focus-ring";

/**
 * A plain form, so signing out works before JavaScript has loaded. The action comes from
 * the layout (app/(auth)/sign-out/actions.ts): components never import routes.
 */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
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
