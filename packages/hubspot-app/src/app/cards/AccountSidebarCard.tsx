import { Flex, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { AccountSummaryView } from './account-summary-view.ts';
import type { HubSpotFetch } from './cxkit-server.ts';
import { bandVariant, formatInsufficient, formatKpi, formatKpiDetail, formatProbability } from './format.ts';
import { NoResponses, SummaryStatus } from './summary-states.tsx';
import { useAccountSummary } from './use-account-summary.ts';

/** The compact card (`crm.record.sidebar`): NPS, health and churn risk. */
export function AccountSidebarCard({
  companyId,
  fetcher,
  serverUrl,
}: {
  companyId: string | number;
  fetcher: HubSpotFetch;
  serverUrl?: string;
}) {
  const { state, reload } = useAccountSummary(fetcher, companyId, serverUrl);
  if (state.status !== 'ready') return <SummaryStatus state={state} reload={reload} />;
  return <AccountSidebar view={state.view} />;
}

/** The sidebar body for a loaded summary. */
export function AccountSidebar({ view }: { view: AccountSummaryView }) {
  if (view.responses.total === 0 && view.health === null && view.churn === null) return <NoResponses />;
  const { nps, health, churn } = view;
  return (
    <Flex direction="column" gap="small">
      <Statistics>
        <StatisticsItem label="NPS" number={formatKpi(nps)}>
          <Text variant="microcopy">
            {nps.status === 'ok' ? formatKpiDetail(nps) : formatInsufficient(nps)}
          </Text>
        </StatisticsItem>
        <StatisticsItem label="Health" number={health ? String(Math.round(health.score)) : '—'}>
          {health ? (
            <Tag variant={bandVariant(health.band)}>{health.bandLabel}</Tag>
          ) : (
            <Text variant="microcopy">Not scored yet</Text>
          )}
        </StatisticsItem>
        <StatisticsItem label="Churn risk" number={churn ? formatProbability(churn.probability) : '—'}>
          <Text variant="microcopy">
            {churn
              ? `next ${churn.horizonDays} days${churn.source === 'prior' ? ', portfolio average' : ''}`
              : 'Not computed yet'}
          </Text>
        </StatisticsItem>
      </Statistics>
      {nps.status === 'ok' && nps.smallSample ? (
        <Tag variant="warning">Small sample: read with care</Tag>
      ) : null}
    </Flex>
  );
}
