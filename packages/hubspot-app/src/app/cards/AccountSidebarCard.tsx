import { Flex, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { AccountSummaryView } from './account-summary-view.ts';
import { CXKIT_SERVER_URL, type HubSpotFetch } from './cxkit-server.ts';
import { ReconnectNotice, useConnection } from './connection.tsx';
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
  // Asked first, so the summary is the card's last request (tests and logs read it so).
  const connection = useConnection(fetcher, serverUrl ?? CXKIT_SERVER_URL);
  const { state, reload } = useAccountSummary(fetcher, companyId, serverUrl);
  const body =
    state.status !== 'ready' ? (
      <SummaryStatus state={state} reload={reload} />
    ) : (
      <AccountSidebar view={state.view} />
    );
  if (connection.status === 'connected') return body;
  return (
    <Flex direction="column" gap="small">
      <ReconnectNotice connection={connection} />
      {body}
    </Flex>
  );
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
            <Text variant="microcopy">
              {view.healthInsufficient ? 'Insufficient data' : 'Not scored yet'}
            </Text>
          )}
        </StatisticsItem>
        <StatisticsItem label="Churn risk" number={churn ? formatProbability(churn.probability) : '—'}>
          <Text variant="microcopy">
            {churn
              ? // The prior is the health score read as a probability, not a portfolio average.
                `next ${churn.horizonDays} days, ${churn.source === 'prior' ? 'health estimate' : "this portal's model"}`
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
