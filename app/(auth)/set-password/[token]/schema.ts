import { z } from "zod";

// The set-password form. The password rules themselves (newPasswordSchema) are
// server-only: the common-password list stays out of the browser bundle.
export const setPasswordFieldsSchema = z.object({
  token: z.string().min(1).max(200),
  password: z.string(),
  confirmPassword: z.string(),
});

export const LINK_EXPIRED = "This link has expired. Ask your Nexus contact for a new one.";
export const LINK_INVALID = "This link has already been used or is not valid.";
