import type { Workflow } from "@/db/schema";

export const platformLabels = {
  n8n: "n8n",
  make: "Make",
  zapier: "Zapier",
  custom: "Custom code",
} as const satisfies Record<Workflow["platform"], string>;

export const triggerLabels = {
  schedule: "Schedule",
  webhook: "Webhook",
  event: "Event",
  manual: "Manual",
} as const satisfies Record<Workflow["trigger"], string>;
