import "server-only";
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import {
  deleteConnection,
  deleteMapping,
  findConnection,
  findOtherFeeder,
  insertConnection,
  readConnectionTarget,
  requestSync,
  setConnectionStatus,
  updateConnection,
  upsertMapping,
  type ConnectionListItem,
} from "@/db/queries/connections";
import { findOpenCompanyInScope, insertWorkflow } from "@/db/queries/workflows";
import { workflows } from "@/db/schema";
import { command, forbidden, type ActionResult, type AuthorizedContext } from "@/lib/action";
import { audit, changesBetween } from "@/lib/audit";
import { can, scopeFor } from "@/lib/authz";
import { credentialKeyRing } from "@/lib/credential-keys";
import { testN8nConnection, type N8nConnectionResult } from "@/lib/connectors/n8n";
import { privateNetworksAllowed } from "@/lib/connectors/url-policy";
import {
  connectionIdSchema,
  connectionStatusSchema,
  createConnectionSchema,
  mapWorkflowSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from "./schema";

// Engine connection commands (PRODUCT.md §1: admins, and the SE for their own companies;
// clients never see connections). A connection that is missing or out of scope answers
// 403 alike. The API key is sealed before it is stored, never returned, never audited.

const CAPABILITY = "connections.manage";

/** The connection, when the viewer may manage it and its company is open; else null. */
async function connectionInReach(context: AuthorizedContext, db: Queryable, connectionId: string): Promise<ConnectionListItem | null> {
  const connection = await findConnection(db, connectionId);
  if (!connection || !can(context.viewer, CAPABILITY, { companyId: connection.companyId })) return null;
  const company = await findOpenCompanyInScope(db, { scope: scopeFor(context.viewer, CAPABILITY), companyId: connection.companyId });
  return company ? connection : null;
}

export const createConnection = command({
  capability: CAPABILITY,
  schema: createConnectionSchema,
  run: async (context, input): Promise<ActionResult<{ id: string }>> => {
    const company = await findOpenCompanyInScope(context.db, { scope: scopeFor(context.viewer, CAPABILITY), companyId: input.companyId });
    if (!company || !can(context.viewer, CAPABILITY, { companyId: company.id })) return forbidden();
    const ring = credentialKeyRing();
    const { id } = await context.db.transaction(async (tx) => {
      const row = await insertConnection(tx, ring, { ...input, createdById: context.viewer.id });
      await audit(tx, context, {
        action: "connection.create",
        targetType: "engine_connection",
        targetId: row.id,
        companyId: company.id,
        changes: changesBetween(null, { engine: "n8n", name: input.name, baseUrl: input.baseUrl }),
      });
      return row;
    });
    return { ok: true, message: `${input.name} is connected. Choose which n8n workflows Nexus tracks.`, data: { id } };
  },
});

/**
 * Asks n8n, within seconds, whether it answers and takes the key: for a saved connection
 * (its stored URL and key) or for the add form's values before they are saved.
 */
export const testConnection = command({
  capability: CAPABILITY,
  schema: testConnectionSchema,
  run: async (context, input): Promise<ActionResult<N8nConnectionResult>> => {
    let target: { baseUrl: string; apiKey: string };
    if ("connectionId" in input) {
      const connection = await connectionInReach(context, context.db, input.connectionId);
      if (!connection) return forbidden();
      const stored = await readConnectionTarget(context.db, credentialKeyRing(), connection.id);
      if (!stored) return forbidden();
      target = stored;
    } else {
      const company = await findOpenCompanyInScope(context.db, { scope: scopeFor(context.viewer, CAPABILITY), companyId: input.companyId });
      if (!company || !can(context.viewer, CAPABILITY, { companyId: company.id })) return forbidden();
      target = input;
    }
    const result = await testN8nConnection({ ...target, allowPrivateNetworks: privateNetworksAllowed(), timeoutMs: 8_000 });
    return { ok: true, message: result.message, data: result };
  },
});

export const updateConnectionCommand = command({
  capability: CAPABILITY,
  schema: updateConnectionSchema,
  run: async (context, input) => {
    const ring = credentialKeyRing();
    return context.db.transaction(async (tx): Promise<ActionResult> => {
      const connection = await connectionInReach(context, tx, input.connectionId);
      if (!connection) return forbidden();
      await updateConnection(tx, ring, connection, { name: input.name, baseUrl: input.baseUrl, apiKey: input.apiKey ?? null });
      const changes = changesBetween(connection, { name: input.name, baseUrl: input.baseUrl });
      await audit(tx, context, {
        action: "connection.update",
        targetType: "engine_connection",
        targetId: connection.id,
        companyId: connection.companyId,
        // the key itself is never recorded: only that it was replaced
        changes: input.apiKey ? { ...changes, apiKeyReplaced: { from: false, to: true } } : changes,
      });
      return { ok: true, message: input.apiKey ? "Saved, with the new API key. A sync starts within seconds." : "Saved. A sync starts within seconds." };
    });
  },
});

export const setConnectionStatusCommand = command({
  capability: CAPABILITY,
  schema: connectionStatusSchema,
  run: async (context, input) =>
    context.db.transaction(async (tx): Promise<ActionResult> => {
      const connection = await connectionInReach(context, tx, input.connectionId);
      if (!connection) return forbidden();
      if (connection.status === input.status) return { ok: true, message: `The connection is already ${input.status}.` };
      await setConnectionStatus(tx, connection.id, input.status);
      await audit(tx, context, {
        action: input.status === "paused" ? "connection.pause" : "connection.resume",
        targetType: "engine_connection",
        targetId: connection.id,
        companyId: connection.companyId,
        changes: { status: { from: connection.status, to: input.status } },
      });
      return { ok: true, message: input.status === "paused" ? "Paused: Nexus stops syncing until you resume." : "Resumed: a sync starts within seconds." };
    }),
});

export const deleteConnectionCommand = command({
  capability: CAPABILITY,
  schema: connectionIdSchema,
  run: async (context, input) =>
    context.db.transaction(async (tx): Promise<ActionResult> => {
      const connection = await connectionInReach(context, tx, input.connectionId);
      if (!connection) return forbidden();
      await deleteConnection(tx, connection.id);
      await audit(tx, context, {
        action: "connection.delete",
        targetType: "engine_connection",
        targetId: connection.id,
        companyId: connection.companyId,
        changes: { name: { from: connection.name, to: null }, baseUrl: { from: connection.baseUrl, to: null } },
      });
      return { ok: true, message: `${connection.name} was deleted. The runs it imported stay.` };
    }),
});

export const syncConnectionNow = command({
  capability: CAPABILITY,
  schema: connectionIdSchema,
  run: async (context, input): Promise<ActionResult> => {
    const connection = await connectionInReach(context, context.db, input.connectionId);
    if (!connection) return forbidden();
    if (connection.status !== "active") return { ok: false, status: 409, error: "Resume the connection first: a paused connection does not sync." };
    await requestSync(context.db, connection.id);
    return { ok: true, message: "A sync starts within seconds." };
  },
});

/**
 * Tracks an n8n workflow as a new or an existing Nexus workflow of the connection's
 * company, or stops tracking it (its imported runs stay). A newly tracked workflow is
 * backfilled with every execution n8n still holds.
 */
export const mapWorkflow = command({
  capability: CAPABILITY,
  schema: mapWorkflowSchema,
  run: async (context, input) =>
    context.db.transaction(async (tx): Promise<ActionResult> => {
      const connection = await connectionInReach(context, tx, input.connectionId);
      if (!connection) return forbidden();
      const target = { type: "engine_connection", id: connection.id, companyId: connection.companyId };
      const auditMapping = (to: string | null, from: string | null = null) =>
        audit(tx, context, {
          action: "connection.map",
          targetType: target.type,
          targetId: target.id,
          companyId: target.companyId,
          changes: { [`n8n:${input.externalWorkflowId}`]: { from, to } },
        });

      if (input.target === "untracked") {
        const removed = await deleteMapping(tx, { connectionId: connection.id, externalWorkflowId: input.externalWorkflowId });
        if (removed.length === 0) return { ok: true, message: `${input.externalName} was not tracked.` };
        await auditMapping(null, removed[0]?.workflowId ?? null);
        return { ok: true, message: `${input.externalName} is no longer tracked. Its imported runs stay.` };
      }

      let workflowId: string;
      if (input.target === "new") {
        const values = {
          companyId: connection.companyId,
          name: input.externalName,
          description: `Imported from n8n (${connection.name}).`,
          platform: "n8n" as const,
          trigger: "event" as const,
          minutesSavedPerRun: input.minutesSavedPerRun,
        };
        workflowId = await insertWorkflow(tx, values);
        await audit(tx, context, {
          action: "workflow.create",
          targetType: "workflow",
          targetId: workflowId,
          companyId: connection.companyId,
          changes: changesBetween(null, { ...values, status: "active" }),
        });
      } else {
        const [workflow] = await tx
          .select({ id: workflows.id, status: workflows.status })
          .from(workflows)
          .where(and(eq(workflows.id, input.target), eq(workflows.companyId, connection.companyId)))
          .limit(1);
        if (!workflow) return { ok: false, status: 400, error: "Choose one of this company's workflows.", fieldErrors: { target: ["Choose one of this company's workflows."] } };
        if (workflow.status === "archived") return { ok: false, status: 409, error: "That workflow is archived: choose another or create a new one." };
        workflowId = workflow.id;
      }
      const other = await findOtherFeeder(tx, { connectionId: connection.id, externalWorkflowId: input.externalWorkflowId, workflowId });
      if (other) return { ok: false, status: 409, error: `That Nexus workflow is already fed by the n8n workflow “${other.externalName}”.` };
      await upsertMapping(tx, {
        connectionId: connection.id,
        companyId: connection.companyId,
        externalWorkflowId: input.externalWorkflowId,
        externalName: input.externalName,
        workflowId,
      });
      await auditMapping(workflowId);
      return { ok: true, message: `${input.externalName} is tracked. Its history is imported within a minute.` };
    }),
});
