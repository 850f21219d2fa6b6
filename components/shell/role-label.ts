import type { Role } from "@/db/schema";

const roleLabels: Record<Role, string> = {
  admin: "Admin",
  se: "Sales engineer",
  client: "Client",
};

export function roleLabel(role: Role): string {
  return roleLabels[role];
}
