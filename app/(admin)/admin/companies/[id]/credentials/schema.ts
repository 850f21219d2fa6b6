import { z } from "zod";

export const revealCredentialSchema = z.object({
  credentialId: z.guid("Unknown credential."),
});
