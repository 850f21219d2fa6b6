import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Archive, Users } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db";
import { findCompany, listActiveSalesEngineers, listCompanyUsers } from "@/db/queries/companies";
import { listUsage } from "@/db/queries/billing";
import { listConnections } from "@/db/queries/connections";
import { listCredentials } from "@/db/queries/credentials";
import { listIngestionKeys } from "@/db/queries/ingestion-keys";
import { listIngestionTraffic, readIngestionLimits } from "@/db/queries/ingestion-limits";
import { getRoi } from "@/db/queries/roi";
import { listPlanHistory } from "@/db/queries/company-plans";
import { listActivePlans } from "@/db/queries/plans";
import { CompaniesArchiveControl } from "@/app/(admin)/admin/companies/_components/companies-archive-control";
import { CompaniesAssignSeForm } from "@/app/(admin)/admin/companies/_components/companies-assign-se-form";
import { CompaniesPlanForm } from "@/app/(admin)/admin/companies/_components/companies-plan-form";
import { CompaniesProfileForm } from "@/app/(admin)/admin/companies/_components/companies-profile-form";
import { CompaniesUsersTable } from "@/components/admin/companies-users-table";
import { CompanyCredentialsCard } from "@/app/(admin)/admin/companies/[id]/credentials/_components/company-credentials-card";
import { toUsageRow, UsageTable } from "@/components/billing/usage-table";
import { CompanyRoiCard } from "@/components/roi/company-roi-card";
import { IngestionKeysPanel } from "@/app/(admin)/admin/companies/[id]/ingestion-keys/_components/ingestion-keys-panel";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { can, scopeFor } from "@/lib/authz";
import { monthOf } from "@/lib/billing";
import { defaultRange } from "@/lib/date-range";
import { requirePage } from "@/lib/guards";
import { DEFAULT_INGESTION_LIMITS, effectiveLimits } from "@/lib/ingestion-limits";
import { centsToInput, formatMoney, formatMonth, nextBillingMonth, personLabel, planLabel } from "../format";
import { editableCompanyStatuses } from "../schema";
import { PlanHistoryTable } from "./_components/plan-history-table";
import { IngestionLimitsCard } from "./_components/ingestion-limits-card";
import { ConnectionsCard } from "./connections/_components/connections-card";

// A static title: a title built from the record would be computed before the guard runs.
export const metadata: Metadata = { title: "Company" };
export const dynamic = "force-dynamic";

// z.guid(): every 8-4-4-4-12 hex id, as Postgres accepts; z.uuid() would also demand RFC
// version bits, which ids made in SQL (md5()::uuid) do not have.
const idSchema = z.guid();

const statusOptions = editableCompanyStatuses.map((status) => ({
  value: status,
  label: status.charAt(0).toUpperCase() + status.slice(1),
}));

export default async function CompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requirePage("companies.editProfile", `/admin/companies/${encodeURIComponent(id)}`, {
    companyId: id,
  });
  if (!idSchema.safeParse(id).success) notFound();

  const db = getDb();
  const scope = scopeFor(viewer, "companies.editProfile");
  const company = await findCompany(db, { scope, id });
  if (!company) notFound();

  const isAdmin = can(viewer, "companies.manage", { companyId: company.id });
  const canManageKeys = can(viewer, "ingestionKeys.manage", { companyId: company.id });
  const canManageConnections = can(viewer, "connections.manage", { companyId: company.id });
  const now = new Date();
  const range = defaultRange(now);
  const [users, plans, salesEngineers, keys, roi, usage, credentials, connections, planHistory, limits, traffic] = await Promise.all([
    listCompanyUsers(db, { scope, companyId: company.id }),
    isAdmin ? listActivePlans(db) : Promise.resolve([]),
    isAdmin ? listActiveSalesEngineers(db) : Promise.resolve([]),
    canManageKeys ? listIngestionKeys(db, { companyId: company.id }) : Promise.resolve([]),
    // the same query and component as the client's dashboard, so the figures are theirs
    getRoi(db, { scope: scopeFor(viewer, "workflows.view"), companyId: company.id, from: range.from, to: range.to, now }),
    listUsage(db, { scope: scopeFor(viewer, "billing.view"), month: monthOf(now), now, companyId: company.id }),
    listCredentials(db, { scope: scopeFor(viewer, "credentials.list"), companyId: company.id }),
    canManageConnections ? listConnections(db, { companyId: company.id }) : Promise.resolve([]),
    listPlanHistory(db, { companyId: company.id }),
    readIngestionLimits(db, { companyId: company.id }),
    canManageKeys ? listIngestionTraffic(db, { companyId: company.id, since: new Date(now.getTime() - 60 * 60_000) }) : Promise.resolve([]),
  ]);

  const archived = company.archivedAt !== null;
  const defaultRateLabel = `${formatMoney(company.defaultHourlyRateCents, company.currency)} an hour`;
  const hourlyRate =
    company.hourlyRateCents === null
      ? `Platform default (${defaultRateLabel})`
      : `${formatMoney(company.hourlyRateCents, company.currency)} an hour`;
  const assignedSe = company.assignedSeId
    ? `${personLabel({ name: company.assignedSeName, email: company.assignedSeEmail ?? "" })}${company.assignedSeActive ? "" : ", deactivated"}`
    : "None";
  const seSelectable = salesEngineers.some((se) => se.id === company.assignedSeId);

  return (
    <>
      <PageHeader
        title={company.name}
        description="This company's profile, plan, sales engineer and users."
        back={{ href: "/admin/companies", label: "Companies" }}
      />
      <div className="space-y-6">
        {archived ? (
          <p className="flex items-start gap-2 rounded-md border border-gray-300 bg-gray-50 px-4 py-3 text-sm text-gray-800">
            <Archive aria-hidden className="mt-0.5 size-4 shrink-0" />
            <span>
              Archived on <DateTime value={company.archivedAt} />. Its profile, plan and SE stay as they were until an
              admin restores it.
            </span>
          </p>
        ) : null}

        <Card title="Profile">
          <DescriptionList
            items={[
              { term: "Industry", value: company.industry },
              { term: "Status", value: <StatusBadge status={company.status} /> },
              { term: "Hourly rate", value: hourlyRate },
              { term: "Plan", value: planLabel(company.planName, company.nextPlanName, now) },
              { term: "Assigned SE", value: assignedSe },
              { term: "Created", value: <DateTime value={company.createdAt} /> },
            ]}
          />
        </Card>

        {archived ? null : (
          <Card title="Edit profile" description="Name, industry, hourly rate and status.">
            <CompaniesProfileForm
              company={{
                id: company.id,
                name: company.name,
                industry: company.industry,
                hourlyRate: centsToInput(company.hourlyRateCents),
                status: company.status,
              }}
              statusOptions={statusOptions}
              defaultRateLabel={defaultRateLabel}
            />
          </Card>
        )}

        {isAdmin && !archived ? (
          <Card title="Plan and sales engineer" description="Only admins set a company's plan and its SE.">
            <div className="grid gap-8 md:grid-cols-2">
              <CompaniesPlanForm
                companyId={company.id}
                selectedPlanId={company.nextPlanId ?? company.planId ?? ""}
                hasPlan={company.planId !== null}
                planOptions={plans.map((plan) => ({
                  value: plan.id,
                  label: `${plan.name}: ${formatMoney(plan.basePriceCents, plan.currency)} a month`,
                }))}
                hint={
                  company.planName
                    ? `This month is billed on ${company.planName}; a new plan applies from ${formatMonth(nextBillingMonth(now))}. Choosing ${company.planName} again cancels a pending change.`
                    : "The company has no plan yet: the one you choose applies at once."
                }
              />
              <CompaniesAssignSeForm
                companyId={company.id}
                assignedSeId={seSelectable ? (company.assignedSeId ?? "") : ""}
                seOptions={salesEngineers.map((se) => ({ value: se.id, label: personLabel(se) }))}
                hint={
                  company.assignedSeId && !seSelectable
                    ? `The current SE, ${assignedSe}, can no longer be chosen: pick an active one.`
                    : "Only active sales engineers can be assigned."
                }
              />
            </div>
          </Card>
        ) : null}

        {planHistory.length > 0 ? (
          <Card title="Plan history" description="Which plan bills which months. Invoiced months keep the prices they were issued with.">
            <PlanHistoryTable entries={planHistory} thisMonth={monthOf(now)} />
          </Card>
        ) : null}

        <Card title="Users" description="The people who sign in for this company.">
          {users.length === 0 ? (
            <EmptyState
              icon={Users}
              headingLevel={3}
              title="No users yet"
              text="Client users created for this company on the Users page will be listed here."
            />
          ) : (
            <CompaniesUsersTable companyName={company.name} users={users} />
          )}
        </Card>

        {canManageKeys ? (
          <IngestionKeysPanel
            companyId={company.id}
            canManage={!archived}
            keys={keys.map((key) => ({
              id: key.id,
              name: key.name,
              prefix: key.prefix,
              createdAt: key.createdAt.toISOString(),
              lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
              revokedAt: key.revokedAt?.toISOString() ?? null,
            }))}
          />
        ) : null}

        {canManageKeys ? (
          <IngestionLimitsCard
            companyId={company.id}
            settings={limits}
            effective={effectiveLimits(limits)}
            defaults={DEFAULT_INGESTION_LIMITS}
            keys={keys.map((key) => ({ id: key.id, name: key.name, prefix: key.prefix, revokedAt: key.revokedAt?.toISOString() ?? null }))}
            traffic={traffic}
            now={now}
            canEdit={can(viewer, "ingestionLimits.manage", { companyId: company.id })}
          />
        ) : null}

        {canManageConnections ? <ConnectionsCard companyId={company.id} connections={connections} archived={archived} /> : null}

        {roi ? <CompanyRoiCard roi={roi} /> : null}

        <Card title="Usage this month" description="Billable runs against the plan, and what the month comes to at its current pace.">
          <UsageTable
            caption={`${company.name}: usage this month`}
            inProgress
            rows={usage.map((row) => toUsageRow(row, company.currency))}
          />
        </Card>

        <CompanyCredentialsCard
          companyName={company.name}
          canReveal={can(viewer, "credentials.reveal", { companyId: company.id })}
          credentials={credentials}
        />

        {isAdmin ? (
          <Card title={archived ? "Restore" : "Archive"}>
            <CompaniesArchiveControl companyId={company.id} companyName={company.name} archived={archived} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
