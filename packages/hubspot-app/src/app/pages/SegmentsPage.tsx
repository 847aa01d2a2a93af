import {
  BarChart,
  EmptyState,
  Flex,
  Heading,
  Select,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { AnalyticsKpi } from './analytics-view.ts';
import { KPI_LABEL, formatFigure } from './format.ts';
import { TrendChart } from './OverviewPage.tsx';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

const KPIS: AnalyticsKpi[] = ['nps', 'csat', 'ces', 'c2es'];

/** Segments and trends: a KPI per value of any account attribute or per role, and its monthly trend. */
export function SegmentsPage() {
  const [dimension, setDimension] = useState('role');
  const [kpi, setKpi] = useState<AnalyticsKpi>('nps');
  const segments = useAnalytics(
    'segments',
    `dimension=${encodeURIComponent(dimension)}&kpi=${kpi}&months=12`,
  );
  const overview = useAnalytics('overview', 'months=12');
  if (segments.state.status !== 'ready')
    return <ViewStatus state={segments.state} reload={segments.reload} what="the segments" />;
  const v = segments.state.view;
  const label = KPI_LABEL[kpi];
  const trend =
    overview.state.status === 'ready' ? overview.state.view.kpis.find((k) => k.kpi === kpi) : undefined;
  return (
    <Flex direction="column" gap="medium">
      <Flex direction="row" gap="small">
        <Select
          label="Segment by"
          name="dimension"
          value={dimension}
          options={v.dimensions.map((d) => ({ label: d === 'role' ? 'Respondent role' : d, value: d }))}
          onChange={(x) => setDimension(String(x))}
        />
        <Select
          label="KPI"
          name="kpi"
          value={kpi}
          options={KPIS.map((k) => ({ label: KPI_LABEL[k], value: k }))}
          onChange={(x) => setKpi(x as AnalyticsKpi)}
        />
      </Flex>
      <Heading>
        {label} by {dimension}, last {v.window.months} months
      </Heading>
      <Text variant="microcopy">All accounts: {formatFigure(v.overall)}</Text>
      {v.segments.length === 0 ? (
        <EmptyState title={`No ${label} answers in this window`} layout="vertical">
          <Text>Segments appear once accounts have answered.</Text>
        </EmptyState>
      ) : (
        <>
          <BarChart
            data={v.segments
              .filter((s) => s.figure.value !== null)
              .map((s) => ({ segment: s.segment, value: Number(s.figure.value!.toFixed(2)) }))}
            axes={{
              x: { field: 'segment', fieldType: 'category', label: dimension },
              y: { field: 'value', fieldType: 'linear', label },
            }}
            options={{ title: `${label} by ${dimension}` }}
          />
          <DataTable testId="segments" headers={[dimension, `${label} (95% interval, n)`, 'Accounts']}>
            {v.segments.map((s) => (
              <TableRow key={s.segment}>
                <TableCell>{s.segment}</TableCell>
                <TableCell>{formatFigure(s.figure)}</TableCell>
                <TableCell>{String(s.accounts)}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      )}
      <Heading>{label} by month</Heading>
      {overview.state.status !== 'ready' ? (
        <ViewStatus state={overview.state} reload={overview.reload} what="the trend" />
      ) : trend && trend.figure.n > 0 ? (
        <TrendChart kpi={trend} />
      ) : (
        <Text>No {label} answers in the last 12 months.</Text>
      )}
    </Flex>
  );
}
