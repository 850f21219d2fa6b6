import { z } from "zod";

export const markReadSchema = z.object({
  // one notification id, or "all"
  target: z.union([z.literal("all"), z.guid("Unknown notification.")]),
});
