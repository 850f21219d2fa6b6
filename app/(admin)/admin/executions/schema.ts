import { z } from "zod";
import { executionStatuses } from "@/db/schema";

// The run log's URL parameters; anything malformed is ignored rather than an error page.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const executionFiltersSchema = z.object({
  status: optional(z.enum(executionStatuses)),
  company: optional(z.guid()),
  workflow: optional(z.guid()),
  // the engine's own run id (as n8n, Make or Zapier show it): an exact match
  run: optional(z.string().trim().min(1).max(200)),
  from: optional(day),
  to: optional(day),
  after: optional(z.string().max(200)),
});

export type ExecutionFilters = z.infer<typeof executionFiltersSchema>;
