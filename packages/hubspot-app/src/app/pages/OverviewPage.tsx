import {
  BarChart,
  DescriptionList,
  DescriptionListItem,
  EmptyState,
  Flex,
  Heading,
  LineChart,
  Link,
  Statistics,
  StatisticsItem,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { HeadlineKpi } from './analytics-view.ts';
import { KPI_LABEL, formatAmount, formatFigure, formatSigned, formatValue, formatVerdict } from './format.ts';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useContext, useEffect, useState } from 'react';
import { AnalyticsClientContext, useAnalytics } from './use-analytics.ts';

/** A link to last month's report (an HTML document the server serves behind a short-lived signed link). */
export function ReportLink() {
  const client = useContext(AnalyticsClientContext);
  const [link, setLink] = useState<{ month: string; url: string } | null>(null);
  useEffect(() => {
    let live = true;
    // Fire and forget: the catch turns every failure into no link, so nothing can reject.
    void client
      .fetcher(`${client.serverUrl}/v1/hubspot/analytics/report-link`, { method: 'GET', timeout: 15_000 })
      .then(async (res) => (res.ok ? ((await res.json()) as { month?: unknown; url?: unknown }) : null))
      .catch(() => null)
      .then((b) => {
        if (live && b && typeof b.url === 'string' && b.url.startsWith('http') && typeof b.month === 'string')
          setLink({ month: b.month, url: b.url });
      });
    return () => {
      live = false;
    };
  }, [client]);
  return link ? (
    <Link href={{ url: link.url, external: true }}>{`Monthly report, ${link.month}`}</Link>
  ) : null;
}

/** A KPI's monthly trend as a line and the same numbers as a table. */
export function TrendChart({ kpi }: { kpi: HeadlineKpi }) {
  const points = kpi.trend.filter((p) => p.value !== null);
  const label = KPI_LABEL[kpi.kpi];
  const fmt = (v: number) => formatValue(kpi.kpi, v, kpi.figure.scale?.max);
  return (
    <Flex direction="column" gap="small">
      {points.length > 1 ? (
        <LineChart
          data={points.map((p) => ({ month: p.period, value: Number(p.value!.toFixed(2)) }))}
          axes={{
            x: { field: 'month', fieldType: 'category', label: 'Month' },
            y: { field: 'value', fieldType: 'linear', label },
          }}
          options={{ title: `${label} by month`, showTooltips: true }}
        />
      ) : null}
      <DataTable testId={`trend-${kpi.kpi}`} headers={['Month', `${label} (95% interval)`, 'n', 'Change']}>
        {kpi.trend.map((p) => (
          <TableRow key={p.period}>
            <TableCell>{p.period}</TableCell>
            <TableCell>
              {p.value === null
                ? '—'
                : `${fmt(p.value)}${p.lower !== null && p.upper !== null ? ` (${fmt(p.lower)} to ${fmt(p.upper)})` : ''}${p.smallSample ? ' · small sample' : ''}`}
            </TableCell>
            <TableCell>{String(p.n)}</TableCell>
            <TableCell>
              {p.change === null
                ? '—'
                : `${formatSigned(p.change.delta, 1)} vs ${p.change.comparedWith}${p.change.significant ? ' (significant)' : ''}`}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </Flex>
  );
}

/** The home page: the portfolio's headline KPIs against their targets, the NPS trend, health and churn. */
export function OverviewPage() {
  const { state, reload } = useAnalytics('overview', 'months=12');
  if (state.status !== 'ready') return <ViewStatus state={state} reload={reload} what="the CX overview" />;
  const v = state.view;
  if (v.kpis.every((k) => k.figure.n === 0))
    return (
      <EmptyState title="No survey answers yet" imageName="customerExperience" layout="vertical">
        <Text>The portfolio's NPS, CSAT and customer effort appear after the first survey answers.</Text>
      </EmptyState>
    );
  const nps = v.kpis.find((k) => k.kpi === 'nps')!;
  return (
    <Flex direction="column" gap="medium">
      <Heading>Customer experience, last {v.window.months} months</Heading>
      <ReportLink />
      <Statistics>
        {v.kpis.map((k) => (
          <StatisticsItem
            key={k.kpi}
            label={KPI_LABEL[k.kpi]}
            number={k.figure.value === null ? '—' : formatValue(k.kpi, k.figure.value, k.figure.scale?.max)}
          >
            <Text variant="microcopy">{formatFigure(k.figure)}</Text>
            {k.target ? (
              <Text variant="microcopy">
                Target {formatValue(k.kpi, k.target.target)}: {formatVerdict(k.target.verdict)}
              </Text>
            ) : null}
          </StatisticsItem>
        ))}
      </Statistics>
      <Heading>NPS by month</Heading>
      <TrendChart kpi={nps} />
      <Heading>Accounts, health and churn</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Accounts">
          <Text>{`${v.accounts.active} customers (${v.accounts.churned} have left)`}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Mean health">
          <Text>
            {v.health.mean === null
              ? 'Not scored yet'
              : `${v.health.mean} / 100 (${v.health.scored} accounts)`}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label="Expected to leave">
          <Text>
            {v.churn.expectedChurners === null
              ? 'No churn risk computed yet'
              : `${v.churn.expectedChurners} of ${v.churn.scored} accounts${v.churn.expectedMrrAtRisk === null ? '' : `, ${formatAmount(v.churn.expectedMrrAtRisk)} of monthly revenue`}`}
          </Text>
        </DescriptionListItem>
      </DescriptionList>
      {v.health.bands.length > 0 ? (
        <>
          <BarChart
            data={v.health.bands.map((b) => ({ band: b.label, accounts: b.accounts }))}
            axes={{
              x: { field: 'band', fieldType: 'category', label: 'Health band' },
              y: { field: 'accounts', fieldType: 'linear', label: 'Accounts' },
            }}
            options={{ title: 'Accounts by health band' }}
          />
          <DataTable testId="health-bands" headers={['Health band', 'Accounts']}>
            {v.health.bands.map((b) => (
              <TableRow key={b.band}>
                <TableCell>{b.label}</TableCell>
                <TableCell>{String(b.accounts)}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      ) : null}
    </Flex>
  );
}
