import { BarChart, EmptyState, Flex, Heading, TableCell, TableRow, Text } from '@hubspot/ui-extensions';
import { formatAmount, formatFigure } from './format.ts';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

/** Accounts at risk: active accounts by the server's churn risk, then health, with the risk's drivers. */
export function AtRiskPage() {
  const { state, reload } = useAnalytics('at-risk', 'limit=20&months=6');
  if (state.status !== 'ready')
    return <ViewStatus state={state} reload={reload} what="the accounts at risk" />;
  const v = state.view;
  if (v.accounts.length === 0)
    return (
      <EmptyState title="No account scored yet" imageName="companies" layout="vertical">
        <Text>Churn risk and health appear once cxkit has scored the accounts (every few minutes).</Text>
      </EmptyState>
    );
  const withRisk = v.accounts.filter((a) => a.churn !== null);
  return (
    <Flex direction="column" gap="medium">
      <Heading>
        The {v.accounts.length} accounts most at risk, of {v.ranked} scored
      </Heading>
      {withRisk.length > 0 ? (
        <BarChart
          data={withRisk.map((a) => ({
            account: a.name ?? a.accountId,
            risk: Number((a.churn!.probability * 100).toFixed(1)),
          }))}
          axes={{
            x: { field: 'account', fieldType: 'category', label: 'Account' },
            y: { field: 'risk', fieldType: 'linear', label: 'Churn risk (%)' },
          }}
          options={{ title: 'Churn risk' }}
        />
      ) : null}
      <DataTable
        testId="at-risk"
        headers={['Account', 'Churn risk', 'Main driver', 'Health', 'NPS (6 months)', 'MRR']}
      >
        {v.accounts.map((a) => (
          <TableRow key={a.accountId}>
            <TableCell>{a.name ?? a.accountId}</TableCell>
            <TableCell>
              {a.churn === null
                ? '—'
                : `${(a.churn.probability * 100).toFixed(1)}% in ${a.churn.horizonDays} days${a.churn.source === 'prior' ? ' (prior)' : ''}`}
            </TableCell>
            <TableCell>{a.churn?.drivers[0]?.text ?? '—'}</TableCell>
            <TableCell>
              {a.health === null ? '—' : `${Math.round(a.health.score)} · ${a.health.bandLabel}`}
            </TableCell>
            <TableCell>{formatFigure(a.nps)}</TableCell>
            <TableCell>{a.mrr === null ? '—' : formatAmount(a.mrr)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </Flex>
  );
}
