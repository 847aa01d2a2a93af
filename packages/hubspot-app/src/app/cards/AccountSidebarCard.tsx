import { Flex, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { AccountSummaryView } from './account-summary-view.ts';
import { bandVariant, formatInsufficient, formatKpi, formatKpiDetail, formatProbability } from './format.ts';
import { NoResponses } from './summary-states.tsx';
import { SummaryCard, type SummaryCardProps } from './summary-card.tsx';

/** The compact card (`crm.record.sidebar`): NPS, health and churn risk. */
export function AccountSidebarCard(props: SummaryCardProps) {
  return <SummaryCard {...props} render={(view) => <AccountSidebar view={view} />} />;
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
