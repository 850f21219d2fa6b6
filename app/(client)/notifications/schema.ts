import { z } from "zod";

export const markReadSchema = z.object({
  // one notification id, or "all"
  target: z.union([z.literal("all"), z.guid("Unknown notification.")]),
});

// The notification center's URL: ?filter=unread and ?after=<cursor> (a keyset page). A
// value that does not fit is ignored rather than refused: it is a link, not a form.
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
export const notificationPageSchema = z.object({
  filter: z.preprocess(first, z.string().optional()).catch(undefined),
  after: z.preprocess(first, z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\|[0-9a-f-]{36}$/i).optional()).catch(undefined),
}).transform(({ filter, after }) => ({ unreadOnly: filter === "unread", after: after ?? null }));
