import "server-only";
import type { Queryable } from "@/db/client";
import {
  listCredentialAccessLog,
  listCredentials,
  type CredentialAccessLogEntry,
  type CredentialListItem,
} from "@/db/queries/credentials";
import { can, scopeFor, type Viewer } from "@/lib/authz";

export const ACCESS_LOG_PAGE_SIZE = 20;

export type CredentialsPageData = {
  canWrite: boolean;
  credentials: CredentialListItem[];
  accessLog: { page: number; entries: CredentialAccessLogEntry[]; hasNext: boolean };
};

/**
 * Everything /credentials shows, masked: a function of its own so tests can check that
 * what the page renders and passes down never holds a secret.
 */
export async function loadCredentialsPage(db: Queryable, viewer: Viewer, { logPage }: { logPage: number }): Promise<CredentialsPageData> {
  const companyId = viewer.companyId;
  const empty = { page: logPage, entries: [], hasNext: false };
  if (!companyId || !can(viewer, "credentials.list", { companyId })) return { canWrite: false, credentials: [], accessLog: empty };
  const [credentials, accessLog] = await Promise.all([
    listCredentials(db, { scope: scopeFor(viewer, "credentials.list"), companyId }),
    can(viewer, "credentialAccessLog.view", { companyId })
      ? listCredentialAccessLog(db, {
          scope: scopeFor(viewer, "credentialAccessLog.view"),
          companyId,
          page: logPage,
          pageSize: ACCESS_LOG_PAGE_SIZE,
        })
      : Promise.resolve({ entries: [], hasNext: false }),
  ]);
  return { canWrite: can(viewer, "credentials.write", { companyId }), credentials, accessLog: { page: logPage, ...accessLog } };
}
