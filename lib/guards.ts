import "server-only";
import { notFound, redirect } from "next/navigation";
import { areaFor, areaOf, homeFor, loginPathFor } from "./routes";
import { can, type Capability, type Viewer } from "./authz";
import { getViewer } from "./session";

/**
 * Every page starts with this. Signed out: to /login?next=path. The other role's area,
 * or a capability the role lacks: to the viewer's home. A company outside the viewer's
 * scope: 404, so the answer never tells whether it exists.
 */
export async function requirePage(
  capability: Capability,
  path: string,
  target?: { companyId: string },
): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(loginPathFor(path));
  const area = areaOf(path);
  if (area && area !== areaFor(viewer.role)) redirect(homeFor(viewer.role));
  if (!can(viewer, capability)) redirect(homeFor(viewer.role));
  if (target && !can(viewer, capability, target)) notFound();
  return viewer;
}

/** For route handlers: the viewer, or the JSON error response to return. */
export async function requireApi(
  capability: Capability,
  target?: { companyId: string },
): Promise<{ viewer: Viewer; denied: null } | { viewer: null; denied: Response }> {
  const viewer = await getViewer();
  if (!viewer) return { viewer: null, denied: Response.json({ error: "Sign in first." }, { status: 401 }) };
  if (!can(viewer, capability, target)) {
    return { viewer: null, denied: Response.json({ error: "Not allowed." }, { status: 403 }) };
  }
  return { viewer, denied: null };
}
