import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Archive, Workflow } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import type { Queryable } from "@/db/client";
import { findCompany } from "@/db/queries/companies";
import { findConnection, listConnections, listMappings, readConnectionTarget } from "@/db/queries/connections";
import { defaultMinutesSavedPerRun, listWorkflows, type WorkflowListItem } from "@/db/queries/workflows";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { scopeFor, type CompanyScope } from "@/lib/authz";
import { credentialKeyRing } from "@/lib/credential-keys";
import { createN8nClient, N8nError, type N8nWorkflow } from "@/lib/connectors/n8n";
import { privateNetworksAllowed } from "@/lib/connectors/url-policy";
import { requirePage } from "@/lib/guards";
import { requestLogger } from "@/lib/logger";
import { BackfillRefresh } from "../_components/backfill-refresh";
import { ConnectionActions } from "../_components/connection-actions";
import { ConnectionHealthPanel } from "../_components/connection-health";
import { EditConnectionForm } from "../_components/edit-connection-form";
import { N8nWorkflowsError } from "../_components/n8n-workflows-error";
import { WorkflowMappingRow, type TrackOption, type WorkflowMappingItem } from "../_components/workflow-mapping-row";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "n8n connection" };
export const dynamic = "force-dynamic";

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts (see the company page).
const idSchema = z.guid();

// n8n is asked while the page renders, not streamed in behind a Suspense boundary (nor a
// loading.tsx): with either on this page, router.refresh() after an action was dropped in
// about 1 of 6 tries in the browser tests (the saved change never showed until a reload),
// and in 0 of 96 without. So a slow n8n delays the page; these bound by how much.
/** Per request to n8n while the page renders. */
const N8N_PAGE_TIMEOUT_MS = 5_000;
/** Pages of 100 workflows read for the list (the sync itself reads mappings, not this list). */
const N8N_PAGE_MAX_PAGES = 5;

type Mapping = Awaited<ReturnType<typeof listMappings>>[number];
/** Which n8n workflow of which connection feeds a Nexus workflow (one at most). */
type Feeder = { connectionId: string; externalWorkflowId: string; externalName: string };

/** Every workflow of the company that is not archived (the "Track as" choices). */
async function openWorkflowsOf(db: Queryable, scope: CompanyScope, companyId: string): Promise<WorkflowListItem[]> {
  const all: WorkflowListItem[] = [];
  for (let page = 1; ; page += 1) {
    const { workflows, hasNext } = await listWorkflows(db, { scope, filters: { companyId }, page, pageSize: 100 });
    all.push(...workflows);
    if (!hasNext) return all;
  }
}

/** The mappings of all the company's connections, by Nexus workflow. */
async function feedersOf(db: Queryable, companyId: string): Promise<Map<string, Feeder>> {
  const connections = await listConnections(db, { companyId });
  const lists = await Promise.all(connections.map(async (item) => ({ id: item.id, mappings: await listMappings(db, { connectionId: item.id }) })));
  return new Map(
    lists.flatMap(({ id, mappings }) =>
      mappings.map((mapping) => [mapping.workflowId, { connectionId: id, externalWorkflowId: mapping.externalWorkflowId, externalName: mapping.externalName }] as const),
    ),
  );
}

type N8nAnswer = { ok: true; workflows: N8nWorkflow[] } | { ok: false; message: string };

/** n8n's workflow list, asked with the stored key (decrypted here, never sent to the browser). */
async function readN8nWorkflows(db: Queryable, connectionId: string): Promise<N8nAnswer> {
  try {
    const target = await readConnectionTarget(db, credentialKeyRing(), connectionId);
    if (!target) return { ok: false, message: "The connection no longer exists." };
    const client = createN8nClient({
      baseUrl: target.baseUrl,
      apiKey: target.apiKey,
      allowPrivateNetworks: privateNetworksAllowed(),
      timeoutMs: N8N_PAGE_TIMEOUT_MS,
    });
    return { ok: true, workflows: await client.listAllWorkflows(N8N_PAGE_MAX_PAGES) };
  } catch (error) {
    if (error instanceof N8nError) return { ok: false, message: error.message };
    const log = await requestLogger({ source: "connection-page" });
    log.error({ err: error, connectionId }, "reading the n8n workflow list failed");
    return { ok: false, message: "Something went wrong on our side while asking n8n; the details are in the server log." };
  }
}

/** "Workflows in n8n": what n8n lists, with what Nexus tracks each as. */
function N8nWorkflows({
  answer,
  connectionId,
  mappings,
  feeders,
  workflows,
  defaultMinutes,
  readOnly,
}: {
  answer: N8nAnswer;
  connectionId: string;
  mappings: Mapping[];
  feeders: Map<string, Feeder>;
  workflows: WorkflowListItem[];
  defaultMinutes: number;
  readOnly: boolean;
}) {
  const mappingOf = new Map(mappings.map((mapping) => [mapping.externalWorkflowId, mapping]));

  const optionsFor = (externalWorkflowId: string, mapping: Mapping | undefined): TrackOption[] => {
    const existing = workflows.map((workflow): TrackOption => {
      const feeder = feeders.get(workflow.id);
      const other = feeder !== undefined && !(feeder.connectionId === connectionId && feeder.externalWorkflowId === externalWorkflowId);
      return { value: workflow.id, label: other ? `${workflow.name} (fed by “${feeder.externalName}”)` : workflow.name, disabled: other };
    });
    // a mapping to a workflow archived since still shows what it is
    if (mapping && !workflows.some((workflow) => workflow.id === mapping.workflowId)) {
      existing.push({ value: mapping.workflowId, label: `${mapping.workflowName} (archived)`, disabled: false });
    }
    return [
      { value: "untracked", label: "Not tracked", disabled: false },
      { value: "new", label: "New Nexus workflow", disabled: false },
      ...existing,
    ];
  };
  const itemFor = (externalWorkflowId: string, externalName: string, inN8n: WorkflowMappingItem["inN8n"]): WorkflowMappingItem => {
    const mapping = mappingOf.get(externalWorkflowId);
    return {
      externalWorkflowId,
      externalName,
      inN8n,
      mapping: mapping
        ? { workflowId: mapping.workflowId, workflowName: mapping.workflowName, backfilledAt: mapping.backfilledAt?.toISOString() ?? null }
        : null,
      options: optionsFor(externalWorkflowId, mapping),
    };
  };

  const listed = answer.ok
    ? [...answer.workflows]
        .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id))
        .map((workflow) => itemFor(workflow.id, workflow.name, workflow.active ? "active" : "inactive"))
    : [];
  const seen = new Set(listed.map((item) => item.externalWorkflowId));
  // tracked workflows n8n no longer lists (or did not answer for) still show, so they can be untracked
  const leftOver = mappings
    .filter((mapping) => !seen.has(mapping.externalWorkflowId))
    .map((mapping) => itemFor(mapping.externalWorkflowId, mapping.externalName, answer.ok ? "missing" : "unknown"));
  const items = [...listed, ...leftOver];

  return (
    <div className="space-y-5">
      {answer.ok ? null : <N8nWorkflowsError message={answer.message} anyTracked={mappings.length > 0} />}
      {answer.ok && items.length === 0 ? (
        <EmptyState
          icon={Workflow}
          headingLevel={3}
          title="No workflows in n8n yet"
          text="Workflows created in this n8n will be listed here, to choose which ones Nexus tracks."
        />
      ) : null}
      {items.length > 0 ? (
        <ul className="divide-y divide-gray-200" aria-label="n8n workflows">
          {items.map((item) => (
            <WorkflowMappingRow
              key={item.externalWorkflowId}
              connectionId={connectionId}
              item={item}
              defaultMinutesSavedPerRun={defaultMinutes}
              readOnly={readOnly}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default async function ConnectionPage({ params }: { params: Promise<{ id: string; connectionId: string }> }) {
  const { id, connectionId } = await params;
  const viewer = await requirePage(
    "connections.manage",
    `/admin/companies/${encodeURIComponent(id)}/connections/${encodeURIComponent(connectionId)}`,
    { companyId: id },
  );
  if (!idSchema.safeParse(id).success || !idSchema.safeParse(connectionId).success) notFound();

  const db = getDb();
  const scope = scopeFor(viewer, "connections.manage");
  const [company, connection] = await Promise.all([findCompany(db, { scope, id }), findConnection(db, connectionId)]);
  // a connection of another company is not found here, whatever the viewer may see elsewhere
  if (!company || !connection || connection.companyId !== company.id) notFound();

  const [mappings, feeders, workflows, defaultMinutes, answer] = await Promise.all([
    listMappings(db, { connectionId: connection.id }),
    feedersOf(db, company.id),
    openWorkflowsOf(db, scope, company.id),
    defaultMinutesSavedPerRun(db),
    readN8nWorkflows(db, connection.id),
  ]);
  const archived = company.archivedAt !== null;
  const backfilling = mappings.some((mapping) => mapping.backfilledAt === null);

  return (
    <>
      <BackfillRefresh active={backfilling && connection.status === "active" && !archived} />
      <PageHeader
        title="n8n connection"
        description={
          <>
            <span className="font-medium text-gray-800">{connection.name}</span>, for {company.name}
          </>
        }
        back={{ href: `/admin/companies/${company.id}`, label: company.name }}
      />
      <div className="space-y-6">
        {archived ? (
          <p className="flex items-start gap-2 rounded-md border border-gray-300 bg-gray-50 px-4 py-3 text-sm text-gray-800">
            <Archive aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              {company.name} was archived on <DateTime value={company.archivedAt} />: this connection does not sync and cannot
              be changed until an admin restores the company.
            </span>
          </p>
        ) : null}

        <Card title="Health" description="What the last syncs found. Nexus syncs about once a minute, and backs off while n8n fails.">
          <div className="space-y-5">
            <ConnectionHealthPanel connection={connection} archived={archived} now={new Date()} />
            {archived ? null : (
              <div className="border-t border-gray-200 pt-4">
                <ConnectionActions
                  companyId={company.id}
                  connectionId={connection.id}
                  connectionName={connection.name}
                  status={connection.status}
                />
              </div>
            )}
          </div>
        </Card>

        {archived ? null : (
          <Card title="Edit connection" description="A changed URL or key is synced again within seconds.">
            <EditConnectionForm connectionId={connection.id} name={connection.name} baseUrl={connection.baseUrl} apiKeyHint={connection.apiKeyHint} />
          </Card>
        )}

        <Card
          title="Workflows in n8n"
          description="Choose which n8n workflows Nexus tracks, as a new Nexus workflow or one the company already has. A newly tracked workflow's history is imported within a minute; untracking keeps the runs already imported."
        >
          <N8nWorkflows
            answer={answer}
            connectionId={connection.id}
            mappings={mappings}
            feeders={feeders}
            workflows={workflows}
            defaultMinutes={defaultMinutes}
            readOnly={archived}
          />
        </Card>
      </div>
    </>
  );
}
