import { z } from "zod";
import { reportKinds } from "@/db/queries/reports";

// The report's query parameters besides the date range (lib/date-range.ts parses that).
// A GET form sends a blank field for "All workflows": blank counts as absent.
const blankAsAbsent = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" || first === null ? undefined : first;
};

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts; seeded ids lack RFC version bits.
export const workflowParamSchema = z.preprocess(blankAsAbsent, z.guid("Choose a workflow from the list.").optional());

export const reportFiltersSchema = z.object({ workflow: workflowParamSchema });

export const reportExportSchema = z.object({
  kind: z.preprocess(
    blankAsAbsent,
    z.enum(reportKinds, { error: "kind must be workflows or days." }),
  ),
  workflow: workflowParamSchema,
});
