import { z } from "zod";

type RawParams = Record<string, string | string[] | undefined>;

/** A query parameter as one trimmed string; absent, repeated-empty and blank mean "not set". */
const param = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value) => {
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = typeof first === "string" ? first.trim() : undefined;
    return trimmed ? trimmed : undefined;
  }, schema.optional().catch(undefined));

/**
 * The audit page's URL: actor (part of an email), action, company (id), from and to (UTC
 * dates, inclusive) and the keyset cursor of a "Next" link. A malformed value is ignored
 * rather than an error: these are links people edit and share.
 */
export const auditSearchSchema = z.object({
  actor: param(z.string().max(254)),
  action: param(z.string().max(100)),
  company: param(z.guid()),
  from: param(z.iso.date()),
  to: param(z.iso.date()),
  cursor: param(z.string().max(200)),
});

export type AuditSearch = z.infer<typeof auditSearchSchema>;

export function parseAuditSearch(params: RawParams): AuditSearch {
  return auditSearchSchema.parse(params);
}

/** The page's URL for these filters (and cursor), leaving out what is not set. */
export function auditHref(search: AuditSearch): string {
  const query = new URLSearchParams();
  for (const key of ["actor", "action", "company", "from", "to", "cursor"] as const) {
    const value = search[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `/admin/audit?${text}` : "/admin/audit";
}
