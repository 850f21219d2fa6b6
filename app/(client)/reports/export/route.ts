import { getDb } from "@/db";
import { reportCsvStream } from "@/db/queries/reports";
import { can, scopeFor } from "@/lib/authz";
import { parseDateRange } from "@/lib/date-range";
import { requireApi } from "@/lib/guards";
import { reportExportSchema } from "../schema";

export const dynamic = "force-dynamic";

/**
 * The client's report as a CSV download: ?kind=workflows|days plus the report's filters
 * (range or from/to, workflow). The rows stream from the rollup in pages (db/queries/reports.ts).
 */
export async function GET(request: Request) {
  const { viewer, denied } = await requireApi("executions.view");
  if (denied) return denied;
  // Reports are of the viewer's own company; staff read companies in the admin area.
  const companyId = viewer.companyId;
  if (!companyId || !can(viewer, "executions.view", { companyId })) {
    return Response.json({ error: "Not allowed." }, { status: 403 });
  }

  const params = new URL(request.url).searchParams;
  const query = reportExportSchema.safeParse({ kind: params.get("kind"), workflow: params.get("workflow") });
  if (!query.success) {
    return Response.json({ error: query.error.issues[0]?.message ?? "Check the query." }, { status: 400 });
  }
  const range = parseDateRange(params, new Date());
  if (!range.ok) return Response.json({ error: range.error }, { status: 400 });

  const csv = await reportCsvStream(getDb(), {
    scope: scopeFor(viewer, "executions.view"),
    companyId,
    kind: query.data.kind,
    from: range.range.from,
    to: range.range.to,
    workflowId: query.data.workflow ?? null,
  });
  // the company is the viewer's own, so null means a workflow that is not the company's
  if (!csv) return Response.json({ error: "Choose a workflow from the list." }, { status: 400 });

  return new Response(csv.stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
