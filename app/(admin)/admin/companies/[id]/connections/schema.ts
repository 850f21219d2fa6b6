import { z } from "zod";
import { parseConnectionUrl } from "@/lib/connectors/url-policy";
import { minutesSavedPerRunField } from "../../../workflows/schema";

// Form fields arrive as strings (lib/server-action.ts): every schema here parses strings.

const connectionId = z.guid({ error: "Unknown connection." });

const name = z
  .string({ error: "Give the connection a name." })
  .trim()
  .min(1, "Give the connection a name, e.g. “Production n8n”.")
  .max(80, "Use at most 80 characters.");

/** The n8n base URL: http(s), no credentials, normalised (lib/connectors/url-policy.ts). */
const baseUrl = z
  .string({ error: "Enter the n8n instance's URL." })
  .trim()
  .min(1, "Enter the n8n instance's URL, e.g. https://n8n.example.com.")
  .max(500, "Use at most 500 characters.")
  .transform((value, context) => {
    const parsed = parseConnectionUrl(value);
    if (!parsed.ok) {
      context.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.url;
  });

const apiKey = z
  .string({ error: "Paste the n8n API key." })
  .trim()
  .min(16, "Paste the whole n8n API key (Settings → n8n API in n8n).")
  .max(4000, "That is longer than any n8n API key.");

/** Blank keeps the stored key. */
const optionalApiKey = z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), apiKey.optional());

export const createConnectionSchema = z.object({
  companyId: z.guid({ error: "Unknown company." }),
  name,
  baseUrl,
  apiKey,
});

export const updateConnectionSchema = z.object({ connectionId, name, baseUrl, apiKey: optionalApiKey });

const draftSchema = z.object({ companyId: z.guid({ error: "Unknown company." }), baseUrl, apiKey });

/**
 * A saved connection (its stored URL and key), or the add form's draft before saving; a
 * bad draft names its fields, as the add form shows them.
 */
export const testConnectionSchema = z
  .object({ connectionId: connectionId.optional() })
  .catchall(z.unknown())
  .transform((input, context): { connectionId: string } | z.output<typeof draftSchema> => {
    if (input.connectionId) return { connectionId: input.connectionId };
    const draft = draftSchema.safeParse(input);
    if (draft.success) return draft.data;
    for (const issue of draft.error.issues) context.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  });

export const connectionStatusSchema = z.object({ connectionId, status: z.enum(["active", "paused"], { error: "Choose pause or resume." }) });

export const connectionIdSchema = z.object({ connectionId });

const externalWorkflowId = z.string().trim().min(1, "Unknown n8n workflow.").max(64, "Unknown n8n workflow.");

/** What an n8n workflow feeds: nothing, a new Nexus workflow, or an existing one (its id). */
export const mapWorkflowSchema = z.object({
  connectionId,
  externalWorkflowId,
  externalName: z.string().trim().min(1, "The n8n workflow has no name.").max(120, "Use at most 120 characters."),
  target: z.union([z.literal("untracked"), z.literal("new"), z.guid()], { error: "Choose untracked, a new workflow or one of the listed workflows." }),
  minutesSavedPerRun: minutesSavedPerRunField,
});
