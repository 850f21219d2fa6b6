import type { RoiData } from "@/db/queries/roi";
import { Card } from "@/components/ui/card";
import { previousLabel, rangeLabel } from "@/lib/date-range";
import { RoiSummary } from "./roi-summary";

/**
 * A company's ROI for staff (/admin/companies/[id]): the key figures exactly as the
 * client sees them on /dashboard, from the same query (db/queries/roi.ts getRoi) and the
 * same component. The page loads the data, scoped, and passes it in.
 */
export function CompanyRoiCard({ roi }: { roi: RoiData }) {
  const range = { from: roi.current.from, to: roi.current.to, days: roi.current.days, preset: null };
  const period = rangeLabel(range);
  return (
    <Card
      title="Return on investment"
      description={`${period} (UTC days), as the company's users see it on their dashboard.`}
    >
      {roi.hasRuns ? (
        <RoiSummary
          data={{ current: roi.current, previous: roi.previous, currency: roi.currency, hourlyRateCents: roi.hourlyRateCents }}
          periodLabel={period}
          previousLabel={previousLabel(range)}
          headingLevel={3}
        />
      ) : (
        <p className="text-sm text-gray-600" data-testid="company-roi-empty">
          No runs recorded yet: the company&apos;s users see an explanation on their dashboard instead of figures.
        </p>
      )}
    </Card>
  );
}
