import "server-only";
import { acknowledgeAlert, appendAlertEvent, lockAlert, snoozeAlert } from "@/db/queries/alerts";
import { command, forbidden, type ActionResult } from "@/lib/action";
import { audit } from "@/lib/audit";
import { can } from "@/lib/authz";
import { durationInWords } from "@/lib/expectations";
import { channels, publish } from "@/lib/realtime";
import { acknowledgeAlertSchema, snoozeAlertSchema } from "./schema";

// Staff work alerts (admins, or the company's SE): acknowledge with an optional note, or
// snooze for a while. Both go on the alert's timeline and into the audit log. A missing or
// out-of-scope alert answers 403 alike.

const CAPABILITY = "alerts.manage";

export const acknowledgeAlertCommand = command({
  capability: CAPABILITY,
  schema: acknowledgeAlertSchema,
  run: async (context, input) => {
    const now = new Date();
    const result = await context.db.transaction(async (tx): Promise<ActionResult & { companyId?: string }> => {
      const alert = await lockAlert(tx, input.alertId);
      if (!alert || !can(context.viewer, CAPABILITY, { companyId: alert.companyId })) return forbidden();
      if (alert.state === "resolved") return { ok: false, status: 409, error: "This alert has already resolved itself." };
      if (alert.state === "acknowledged") return { ok: true, message: "Already acknowledged." };
      await acknowledgeAlert(tx, { id: alert.id, by: context.viewer.id, note: input.note, at: now });
      await appendAlertEvent(tx, { alertId: alert.id, companyId: alert.companyId, at: now, kind: "acknowledged", actorId: context.viewer.id, note: input.note });
      await audit(tx, context, {
        action: "alert.acknowledge",
        targetType: "alert",
        targetId: alert.id,
        companyId: alert.companyId,
        changes: { state: { from: alert.state, to: "acknowledged" }, ...(input.note ? { note: { from: null, to: input.note } } : {}) },
      });
      return { ok: true, message: "Acknowledged: the client sees that you are on it.", companyId: alert.companyId };
    });
    if (result.ok && result.companyId) await publish([channels.staff, channels.company(result.companyId)], "alert.updated", { companyId: result.companyId });
    return result.ok ? { ok: true, message: result.message } : result;
  },
});

export const snoozeAlertCommand = command({
  capability: CAPABILITY,
  schema: snoozeAlertSchema,
  run: async (context, input) => {
    const now = new Date();
    const until = new Date(now.getTime() + input.minutes * 60_000);
    const result = await context.db.transaction(async (tx): Promise<ActionResult & { companyId?: string }> => {
      const alert = await lockAlert(tx, input.alertId);
      if (!alert || !can(context.viewer, CAPABILITY, { companyId: alert.companyId })) return forbidden();
      if (alert.state === "resolved") return { ok: false, status: 409, error: "This alert has already resolved itself." };
      await snoozeAlert(tx, { id: alert.id, until });
      const note = `for ${durationInWords(input.minutes)}`;
      await appendAlertEvent(tx, { alertId: alert.id, companyId: alert.companyId, at: now, kind: "snoozed", actorId: context.viewer.id, note });
      await audit(tx, context, {
        action: "alert.snooze",
        targetType: "alert",
        targetId: alert.id,
        companyId: alert.companyId,
        changes: { snoozedUntil: { from: alert.snoozedUntil?.toISOString() ?? null, to: until.toISOString() } },
      });
      return { ok: true, message: `Snoozed ${note}: clients are not told before then.`, companyId: alert.companyId };
    });
    if (result.ok && result.companyId) await publish([channels.staff, channels.company(result.companyId)], "alert.updated", { companyId: result.companyId });
    return result.ok ? { ok: true, message: result.message } : result;
  },
});
