import { z } from "zod";

// Secrets are kept exactly as typed except for spaces around them, which are almost
// always a copy-and-paste slip.
const MAX_SECRET_LENGTH = 10_000;

const name = z.string().trim().min(1, "Give the credential a name.").max(80, "Use at most 80 characters.");
const service = z.string().trim().min(1, "Say which service it is for, e.g. Stripe.").max(80, "Use at most 80 characters.");

export const createCredentialSchema = z.object({
  name,
  service,
  secret: z
    .string()
    .trim()
    .min(1, "Enter the secret.")
    .max(MAX_SECRET_LENGTH, `Use at most ${MAX_SECRET_LENGTH.toLocaleString("en-US")} characters.`),
});

/** Blank secret: keep the stored one (a rename); anything else replaces it. */
export const updateCredentialSchema = z.object({
  credentialId: z.guid("Unknown credential."),
  name,
  service,
  secret: z
    .string()
    .trim()
    .max(MAX_SECRET_LENGTH, `Use at most ${MAX_SECRET_LENGTH.toLocaleString("en-US")} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined)),
});

export const deleteCredentialSchema = z.object({
  credentialId: z.guid("Unknown credential."),
});
