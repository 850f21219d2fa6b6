import type { KeyTrafficMinute } from "@/db/queries/ingestion-limits";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, tableBodyClass, tableCellClass, tableHeadClass, tableHeaderCellClass } from "@/components/ui/table";
import { IngestionLimitsForm, type IngestionLimitValues } from "./ingestion-limits-form";

type Limits = { [Field in keyof IngestionLimitValues]: number };

const number = (value: number) => value.toLocaleString("en-US");
const minuteLabel = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC", hourCycle: "h23" });

/**
 * The company's ingestion rate limits (issue 20) and what each key sent in the last hour:
 * admitted and refused, so staff see a noisy engine at a glance. Admins edit the limits.
 */
export function IngestionLimitsCard({
  companyId,
  settings,
  effective,
  defaults,
  keys,
  traffic,
  now,
  canEdit,
}: {
  companyId: string;
  settings: IngestionLimitValues;
  effective: Limits;
  defaults: Limits;
  keys: { id: string; name: string; prefix: string; revokedAt: string | null }[];
  traffic: KeyTrafficMinute[];
  now: Date;
  canEdit: boolean;
}) {
  const recentFrom = now.getTime() - 15 * 60_000;
  const perKey = keys
    .map((key) => {
      const rows = traffic.filter((row) => row.keyId === key.id);
      const sum = (pick: (row: KeyTrafficMinute) => number, from = 0) =>
        rows.filter((row) => row.minute.getTime() >= from).reduce((total, row) => total + pick(row), 0);
      return {
        ...key,
        admittedReports: sum((row) => row.admittedReports),
        admittedRequests: sum((row) => row.admittedRequests),
        refusedRequests: sum((row) => row.refusedRequests),
        refusedReports: sum((row) => row.refusedReports),
        refusedRecently: sum((row) => row.refusedRequests, recentFrom),
        busiestMinute: Math.max(0, ...rows.map((row) => row.admittedReports + row.refusedReports)),
      };
    })
    .filter((key) => key.revokedAt === null || key.admittedRequests + key.refusedRequests > 0);
  const minutes = [...new Set(traffic.map((row) => row.minute.getTime()))].sort((a, b) => b - a).slice(0, 10);
  const byMinute = minutes.map((minute) => {
    const rows = traffic.filter((row) => row.minute.getTime() === minute);
    return {
      minute,
      admitted: rows.reduce((total, row) => total + row.admittedReports, 0),
      refusedRequests: rows.reduce((total, row) => total + row.refusedRequests, 0),
      refusedReports: rows.reduce((total, row) => total + row.refusedReports, 0),
    };
  });
  const limitText = (rate: number, burst: number, custom: boolean) =>
    `${number(rate)} reports a minute, bursts of ${number(burst)}${custom ? "" : " (default)"}`;

  return (
    <div id="ingestion-limits" className="scroll-mt-6">
      <Card
        title="Ingestion limits and traffic"
        description="Each key, and all the company's keys together, may send this many run reports (a batch counts its reports). Over it, engines get 429 with Retry-After and send again later; nothing is lost."
      >
        <div className="space-y-5">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2" data-testid="ingestion-limits">
            <div>
              <dt className="font-medium text-gray-600">Per key</dt>
              <dd className="mt-1 text-gray-900">
                {limitText(effective.keyRatePerMinute, effective.keyBurst, settings.keyRatePerMinute !== null || settings.keyBurst !== null)}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-gray-600">All keys together</dt>
              <dd className="mt-1 text-gray-900">
                {limitText(effective.companyRatePerMinute, effective.companyBurst, settings.companyRatePerMinute !== null || settings.companyBurst !== null)}
              </dd>
            </div>
          </dl>

          <h3 className="text-sm font-semibold text-gray-900">
            Last hour, by key
          </h3>
          {perKey.length === 0 ? (
            <p className="text-sm text-gray-700">No keys have sent anything in the last hour.</p>
          ) : (
            <Table caption="Ingestion traffic by key, last hour">
              <thead className={tableHeadClass}>
                <tr>
                  <th scope="col" className={tableHeaderCellClass}>Key</th>
                  <th scope="col" className={tableHeaderCellClass}>Accepted reports</th>
                  <th scope="col" className={tableHeaderCellClass}>Refused requests (reports)</th>
                  <th scope="col" className={tableHeaderCellClass}>Busiest minute</th>
                  <th scope="col" className={tableHeaderCellClass}>Last 15 min</th>
                </tr>
              </thead>
              <tbody className={tableBodyClass}>
                {perKey.map((key) => (
                  <tr key={key.id} data-testid="ingestion-traffic-row">
                    <td className={tableCellClass}>
                      <span className="font-medium text-gray-900">{key.name}</span> <code className="font-mono">{key.prefix}…</code>
                    </td>
                    <td className={tableCellClass}>{number(key.admittedReports)}</td>
                    <td className={tableCellClass}>
                      {number(key.refusedRequests)} ({number(key.refusedReports)})
                    </td>
                    <td className={tableCellClass}>{number(key.busiestMinute)} reports</td>
                    <td className={tableCellClass}>
                      {key.refusedRecently > 0 ? (
                        <StatusBadge status="refused" tone="danger" label={`${number(key.refusedRecently)} refused`} />
                      ) : (
                        <StatusBadge status="ok" tone="success" label="Within limits" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}

          {byMinute.length > 0 ? (
            <Table caption="Ingestion traffic a minute, all keys, newest first">
              <thead className={tableHeadClass}>
                <tr>
                  <th scope="col" className={tableHeaderCellClass}>Minute (UTC)</th>
                  <th scope="col" className={tableHeaderCellClass}>Accepted reports</th>
                  <th scope="col" className={tableHeaderCellClass}>Refused requests (reports)</th>
                </tr>
              </thead>
              <tbody className={tableBodyClass}>
                {byMinute.map((row) => (
                  <tr key={row.minute}>
                    <td className={tableCellClass}>{minuteLabel.format(new Date(row.minute))}</td>
                    <td className={tableCellClass}>{number(row.admitted)}</td>
                    <td className={tableCellClass}>
                      {number(row.refusedRequests)} ({number(row.refusedReports)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}

          {canEdit ? <IngestionLimitsForm companyId={companyId} values={settings} defaults={defaults} /> : null}
        </div>
      </Card>
    </div>
  );
}
