import { z } from "zod";
import { newPasswordSchema } from "@/lib/password-policy";

// Shared by /admin/profile (staff) and /settings (clients): one profile, two areas.

export const profileNameSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(128, "Passwords are at most 128 characters."),
    newPassword: newPasswordSchema,
    confirmPassword: z.string().min(1, "Repeat the new password."),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
    // checked even when another field is wrong, so every mistake shows at once
    when: (payload) => {
      const value = payload.value as { newPassword?: unknown; confirmPassword?: unknown } | undefined;
      return typeof value?.newPassword === "string" && typeof value.confirmPassword === "string" && value.confirmPassword !== "";
    },
  });

/** Signing out everywhere else takes no input. */
export const signOutOthersSchema = z.object({});

// Per kind: in-app (a ticked box, "on", keeps the kind; an absent one mutes it) and email
// ("<kind>_email": off, at once, or in the daily digest; absent keeps the saved choice).
const box = z.literal("on").optional();
export const emailChoiceValues = ["off", "immediately", "digest"] as const;
const email = z.enum(emailChoiceValues, { error: "Choose off, immediately or daily digest." }).optional();
export const notificationPreferencesSchema = z.object({
  run_failures: box,
  workflow_changes: box,
  credentials: box,
  billing: box,
  alerts: box,
  run_failures_email: email,
  workflow_changes_email: email,
  credentials_email: email,
  billing_email: email,
  alerts_email: email,
});
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;
