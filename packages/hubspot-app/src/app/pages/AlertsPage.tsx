import {
  EmptyState,
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  StatusTag,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

const SEVERITY = {
  critical: ['danger', 'Critical'],
  warning: ['warning', 'Warning'],
  info: ['info', 'Info'],
} as const;

/** Alerts: the window's alerts by severity and the latest ones. */
export function AlertsPage() {
  const { state, reload } = useAnalytics('alerts', 'months=3&limit=50');
  if (state.status !== 'ready') return <ViewStatus state={state} reload={reload} what="the alerts" />;
  const v = state.view;
  return (
    <Flex direction="column" gap="medium">
      <Heading>Alerts, last {v.window.months} months</Heading>
      <Statistics>
        {(['critical', 'warning', 'info'] as const).map((s) => (
          <StatisticsItem key={s} label={SEVERITY[s][1]} number={String(v.bySeverity[s].total)}>
            <Text variant="microcopy">{v.bySeverity[s].open} open</Text>
          </StatisticsItem>
        ))}
      </Statistics>
      {v.latest.length === 0 ? (
        <EmptyState title="No alert in this window" layout="vertical">
          <Text>Alerts appear when a rule set through cxkit's admin API fires.</Text>
        </EmptyState>
      ) : (
        <DataTable testId="alerts" headers={['Severity', 'Alert', 'Account or segment', 'Period', 'Status']}>
          {v.latest.map((a) => (
            <TableRow key={a.id}>
              <TableCell>
                <StatusTag variant={SEVERITY[a.severity][0]}>{SEVERITY[a.severity][1]}</StatusTag>
              </TableCell>
              <TableCell>
                <Text>{a.title}</Text>
              </TableCell>
              <TableCell>
                {a.target.type === 'account' ? (a.accountName ?? a.target.id) : `segment ${a.target.id}`}
              </TableCell>
              <TableCell>{a.period}</TableCell>
              <TableCell>{a.acknowledgedAt === null ? 'Open' : 'Acknowledged'}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </Flex>
  );
}
