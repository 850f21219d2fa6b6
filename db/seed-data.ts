// The demo world of PRODUCT.md §8, written out by hand so it reads well in a demo and
// never changes between runs. Volumes are average runs per weekday.
import { createHash } from "node:crypto";

export const DEMO_PASSWORD = "nexus-demo-2026";

/** A UUID derived from a name, so every seed run writes the same ids. */
export function stableId(name: string): string {
  const hex = createHash("md5").update(`nexus-seed:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const demoPlans = [
  { key: "starter", name: "Starter", basePriceCents: 49_000, includedRuns: 2_000, overagePriceCents: 5 },
  { key: "growth", name: "Growth", basePriceCents: 149_000, includedRuns: 10_000, overagePriceCents: 3 },
  { key: "scale", name: "Scale", basePriceCents: 399_000, includedRuns: 50_000, overagePriceCents: 2 },
] as const;

export const demoStaff = [
  { key: "admin", name: "Ada Lovelace", email: "admin@nexus.example.com", role: "admin" },
  { key: "se-sam", name: "Sam Rivera", email: "sam@nexus.example.com", role: "se" },
  { key: "se-priya", name: "Priya Shah", email: "priya@nexus.example.com", role: "se" },
] as const;

type PlanKey = (typeof demoPlans)[number]["key"];
type Platform = "n8n" | "make" | "zapier" | "custom";
type Trigger = "schedule" | "webhook" | "event" | "manual";

export type DemoWorkflow = {
  name: string;
  description: string;
  platform: Platform;
  trigger: Trigger;
  minutesSavedPerRun: number;
  volume: number;
  failureRate: number;
  status?: "active" | "paused";
};

export type DemoCompany = {
  key: string;
  name: string;
  industry: string;
  plan: PlanKey;
  se: "se-sam" | "se-priya";
  hourlyRateCents: number | null;
  status: "active" | "onboarding";
  users: { name: string; email: string }[];
  workflows: DemoWorkflow[];
};

export const demoCompanies: DemoCompany[] = [
  {
    key: "acme",
    name: "Acme Logistics",
    industry: "Logistics",
    plan: "scale",
    se: "se-sam",
    hourlyRateCents: 6_500,
    status: "active",
    users: [
      { name: "Olivia Chen", email: "olivia@acme.example.com" },
      { name: "Marcus Webb", email: "marcus@acme.example.com" },
      { name: "Hana Sato", email: "hana@acme.example.com" },
    ],
    workflows: [
      { name: "Shipment status sync", description: "Pulls carrier tracking into the TMS every 15 minutes.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 3, volume: 96, failureRate: 0.02 },
      { name: "Proof-of-delivery filing", description: "Files signed POD scans to the customer folder and CRM.", platform: "custom", trigger: "webhook", minutesSavedPerRun: 6, volume: 60, failureRate: 0.03 },
      { name: "Freight invoice matching", description: "Matches carrier invoices to purchase orders.", platform: "make", trigger: "event", minutesSavedPerRun: 12, volume: 35, failureRate: 0.06 },
      { name: "Driver onboarding packet", description: "Creates accounts and sends documents to new drivers.", platform: "zapier", trigger: "event", minutesSavedPerRun: 45, volume: 3, failureRate: 0.04 },
      { name: "Daily capacity report", description: "Builds the capacity report for dispatch at 6 am.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 30, volume: 1, failureRate: 0.01 },
      { name: "Customs document check", description: "Validates commercial invoices before export.", platform: "custom", trigger: "webhook", minutesSavedPerRun: 9, volume: 18, failureRate: 0.08 },
      { name: "Exception email triage", description: "Classifies delay emails and opens tickets.", platform: "n8n", trigger: "event", minutesSavedPerRun: 4, volume: 40, failureRate: 0.05 },
    ],
  },
  {
    key: "brightside",
    name: "Brightside Dental",
    industry: "Healthcare",
    plan: "starter",
    se: "se-sam",
    hourlyRateCents: 4_000,
    status: "active",
    users: [
      { name: "Grace Okafor", email: "grace@brightside.example.com" },
      { name: "Leo Martins", email: "leo@brightside.example.com" },
    ],
    workflows: [
      { name: "Appointment reminders", description: "Texts patients 48 and 2 hours before a visit.", platform: "zapier", trigger: "schedule", minutesSavedPerRun: 2, volume: 30, failureRate: 0.02 },
      { name: "Insurance eligibility check", description: "Checks coverage for tomorrow's patients.", platform: "make", trigger: "schedule", minutesSavedPerRun: 8, volume: 14, failureRate: 0.07 },
      { name: "Review request", description: "Asks happy patients for a review after their visit.", platform: "zapier", trigger: "event", minutesSavedPerRun: 3, volume: 12, failureRate: 0.01 },
      { name: "Lab results filing", description: "Attaches lab PDFs to the patient record.", platform: "n8n", trigger: "webhook", minutesSavedPerRun: 5, volume: 6, failureRate: 0.04, status: "paused" },
    ],
  },
  {
    key: "copperleaf",
    name: "Copperleaf Realty",
    industry: "Real estate",
    plan: "growth",
    se: "se-priya",
    hourlyRateCents: null,
    status: "active",
    users: [
      { name: "Daniel Brooks", email: "daniel@copperleaf.example.com" },
      { name: "Amara Nwosu", email: "amara@copperleaf.example.com" },
    ],
    workflows: [
      { name: "Lead routing", description: "Assigns portal leads to the right agent within a minute.", platform: "make", trigger: "webhook", minutesSavedPerRun: 4, volume: 45, failureRate: 0.03 },
      { name: "Listing syndication", description: "Publishes new listings to five portals.", platform: "custom", trigger: "event", minutesSavedPerRun: 20, volume: 5, failureRate: 0.05 },
      { name: "Showing feedback", description: "Collects feedback after every showing.", platform: "zapier", trigger: "event", minutesSavedPerRun: 6, volume: 16, failureRate: 0.02 },
      { name: "Contract deadline alerts", description: "Warns agents of inspection and financing deadlines.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 5, volume: 8, failureRate: 0.01 },
      { name: "Commission statements", description: "Prepares commission statements at closing.", platform: "make", trigger: "event", minutesSavedPerRun: 35, volume: 2, failureRate: 0.06 },
    ],
  },
  {
    key: "driftwood",
    name: "Driftwood Outfitters",
    industry: "E-commerce",
    plan: "growth",
    se: "se-priya",
    hourlyRateCents: 3_500,
    status: "active",
    users: [
      { name: "Noah Fischer", email: "noah@driftwood.example.com" },
      { name: "Isla Romero", email: "isla@driftwood.example.com" },
      { name: "Kai Tanaka", email: "kai@driftwood.example.com" },
    ],
    workflows: [
      { name: "Order to warehouse", description: "Sends paid orders to the 3PL and writes back tracking.", platform: "custom", trigger: "webhook", minutesSavedPerRun: 3, volume: 120, failureRate: 0.015 },
      { name: "Returns processing", description: "Creates return labels and restocks items.", platform: "n8n", trigger: "event", minutesSavedPerRun: 7, volume: 14, failureRate: 0.04 },
      { name: "Inventory sync", description: "Keeps stock levels in step across three channels.", platform: "make", trigger: "schedule", minutesSavedPerRun: 2, volume: 48, failureRate: 0.03 },
      { name: "Abandoned cart follow-up", description: "Sends a reminder an hour after a cart is abandoned.", platform: "zapier", trigger: "event", minutesSavedPerRun: 1, volume: 55, failureRate: 0.02 },
      { name: "Supplier reorder", description: "Drafts purchase orders when stock runs low.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 25, volume: 2, failureRate: 0.05 },
      { name: "Fraud review queue", description: "Flags risky orders for manual review.", platform: "custom", trigger: "event", minutesSavedPerRun: 6, volume: 20, failureRate: 0.09 },
    ],
  },
  {
    key: "evergreen",
    name: "Evergreen Accounting",
    industry: "Professional services",
    plan: "starter",
    se: "se-sam",
    hourlyRateCents: 9_000,
    status: "active",
    users: [
      { name: "Ruth Lindqvist", email: "ruth@evergreen.example.com" },
      { name: "Omar Haddad", email: "omar@evergreen.example.com" },
    ],
    workflows: [
      { name: "Receipt capture", description: "Reads emailed receipts into the ledger.", platform: "make", trigger: "event", minutesSavedPerRun: 4, volume: 25, failureRate: 0.05 },
      { name: "Client document requests", description: "Chases missing documents before deadlines.", platform: "zapier", trigger: "schedule", minutesSavedPerRun: 10, volume: 6, failureRate: 0.02 },
      { name: "Bank feed reconciliation", description: "Matches bank lines to invoices overnight.", platform: "custom", trigger: "schedule", minutesSavedPerRun: 40, volume: 2, failureRate: 0.07 },
      { name: "Timesheet reminders", description: "Reminds staff to submit timesheets.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 2, volume: 4, failureRate: 0.01 },
    ],
  },
  {
    key: "foxglove",
    name: "Foxglove Media",
    industry: "Marketing",
    plan: "scale",
    se: "se-priya",
    hourlyRateCents: 7_500,
    status: "onboarding",
    users: [
      { name: "Zoe Castillo", email: "zoe@foxglove.example.com" },
      { name: "Felix Wagner", email: "felix@foxglove.example.com" },
    ],
    workflows: [
      { name: "Campaign report builder", description: "Builds weekly client reports from ad platforms.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 50, volume: 3, failureRate: 0.06 },
      { name: "Social post scheduler", description: "Publishes approved posts across networks.", platform: "zapier", trigger: "schedule", minutesSavedPerRun: 5, volume: 22, failureRate: 0.03 },
      { name: "Lead enrichment", description: "Adds firmographics to inbound leads.", platform: "make", trigger: "webhook", minutesSavedPerRun: 3, volume: 70, failureRate: 0.04 },
      { name: "Creative asset tagging", description: "Tags uploaded assets with AI labels.", platform: "custom", trigger: "event", minutesSavedPerRun: 2, volume: 30, failureRate: 0.08 },
      { name: "Budget pacing alerts", description: "Warns when a campaign over- or under-spends.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 8, volume: 12, failureRate: 0.02 },
      { name: "Invoice to client", description: "Turns approved estimates into invoices.", platform: "make", trigger: "event", minutesSavedPerRun: 15, volume: 3, failureRate: 0.03 },
      { name: "Influencer outreach", description: "Sends personalised outreach and tracks replies.", platform: "zapier", trigger: "event", minutesSavedPerRun: 6, volume: 10, failureRate: 0.05 },
      { name: "Brand mention monitor", description: "Collects brand mentions into a daily digest.", platform: "n8n", trigger: "schedule", minutesSavedPerRun: 12, volume: 4, failureRate: 0.02 },
    ],
  },
];
