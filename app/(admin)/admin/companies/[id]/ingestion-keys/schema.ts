import { z } from "zod";

export const createIngestionKeySchema = z.object({
  companyId: z.guid("Unknown company."),
  name: z.string().trim().min(1, "Give the key a name, e.g. the engine it is for.").max(80, "Use at most 80 characters."),
});

export const revokeIngestionKeySchema = z.object({
  keyId: z.guid("Unknown key."),
});
