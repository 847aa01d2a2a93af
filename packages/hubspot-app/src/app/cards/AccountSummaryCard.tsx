import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  LineChart,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { AccountSummaryView, KpiView } from './account-summary-view.ts';
import {
  bandVariant,
  formatDate,
  formatInsufficient,
  formatKpi,
  formatKpiDetail,
  formatMode,
  formatOtherComponents,
  formatProbability,
  formatRole,
  formatSentimentSplit,
  formatSigned,
  sentimentLabel,
  shortQuote,
  trendChange,
  formatModelValidation,
  splitContributions,
  formatContribution,
  topDrivers,
  topThemes,
  latestVerbatims,
} from './format.ts';
import { NoResponses } from './summary-states.tsx';
import { SummaryCard, type SummaryCardProps } from './summary-card.tsx';

/** The company card (`crm.record.tab`): loads the company's summary and renders it. */
export function AccountSummaryCard(props: SummaryCardProps) {
  return <SummaryCard {...props} render={(view) => <AccountSummary view={view} />} />;
}

function KpiItem({ label, kpi, children }: { label: string; kpi: KpiView; children?: ReactNode }) {
  return (
    <StatisticsItem label={label} number={formatKpi(kpi)}>
      {children}
      <Text variant="microcopy">{kpi.status === 'ok' ? formatKpiDetail(kpi) : formatInsufficient(kpi)}</Text>
      {kpi.status === 'ok' && kpi.smallSample ? (
        <Tag variant="warning">Small sample: read with care</Tag>
      ) : null}
    </StatisticsItem>
  );
}

/** The card body for a loaded summary (exported so tests render it from a view model). */
export function AccountSummary({ view }: { view: AccountSummaryView }) {
  if (view.responses.total === 0 && view.health === null && view.churn === null) return <NoResponses />;
  const change = trendChange(view.npsTrend);
  const trendData = view.npsTrend
    .filter((p) => p.value !== null)
    .map((p) => ({ period: p.period, nps: Math.round(p.value as number) }));
  return (
    <Flex direction="column" gap="medium">
      <Text variant="microcopy">
        {formatDate(view.window.from)} to {formatDate(view.window.to)}, {formatMode(view.window.mode)} ·{' '}
        {view.responses.total} answers, {view.responses.last90Days} in the last 90 days
      </Text>
      <Statistics>
        <KpiItem label="NPS" kpi={view.nps}>
          {change ? (
            <StatisticsTrend
              direction={change.delta >= 0 ? 'increase' : 'decrease'}
              value={`${formatSigned(change.delta)} pts since ${change.since}`}
            />
          ) : null}
        </KpiItem>
        <KpiItem label="CSAT" kpi={view.csat} />
        <KpiItem label="Customer effort" kpi={view.ces} />
      </Statistics>
      {view.nps.status === 'ok' ? (
        <Text variant="microcopy">
          {view.nps.counts.promoters} promoters, {view.nps.counts.passives} passives,{' '}
          {view.nps.counts.detractors} detractors
          {view.nps.counts.cantRecommend > 0
            ? `, ${view.nps.counts.cantRecommend} not in a position to recommend`
            : ''}
        </Text>
      ) : null}
      {trendData.length >= 2 ? (
        <LineChart
          data={trendData}
          axes={{
            x: { field: 'period', fieldType: 'category', label: 'Period' },
            y: { field: 'nps', fieldType: 'linear', label: 'NPS' },
          }}
          options={{ title: 'NPS by period', showTooltips: true }}
        />
      ) : (
        <Text variant="microcopy">The NPS trend appears once two periods have answers.</Text>
      )}
      <Divider />
      <HealthSection health={view.health} insufficient={view.healthInsufficient ?? null} />
      <ChurnSection churn={view.churn} />
      <Divider />
      <RolesSection roles={view.roles} />
      <Divider />
      {/* A server without verbatim analysis sends no themes at all: say nothing rather than "no themes". */}
      {view.themes !== undefined ? (
        <>
          <ThemesSection themes={view.themes} />
          <Divider />
        </>
      ) : null}
      <VerbatimsSection verbatims={view.verbatims} />
      <Text variant="microcopy">Updated {formatDate(view.generatedAt)}</Text>
    </Flex>
  );
}

function HealthSection({
  health,
  insufficient,
}: {
  health: AccountSummaryView['health'];
  insufficient: NonNullable<AccountSummaryView['healthInsufficient']> | null;
}) {
  if (health === null && insufficient !== null) {
    return (
      <Flex direction="column" gap="extra-small">
        <Heading>Health: insufficient data</Heading>
        <Text>Not scored: {insufficient.reason}. A score on so little would read like a full one.</Text>
        {insufficient.missingLabels.length > 0 ? (
          <Text variant="microcopy">No data: {insufficient.missingLabels.join(', ')}</Text>
        ) : null}
      </Flex>
    );
  }
  if (health === null) {
    return (
      <Flex direction="column" gap="extra-small">
        <Heading>Health</Heading>
        <Text>Not scored yet: the health score needs at least one of its inputs.</Text>
      </Flex>
    );
  }
  const { top, rest } = splitContributions(health.contributions);
  return (
    <Flex direction="column" gap="extra-small">
      <Flex direction="row" gap="small" align="center">
        <Heading>Health {Math.round(health.score)} / 100</Heading>
        <Tag variant={bandVariant(health.band)}>{health.bandLabel}</Tag>
        {health.change !== null ? (
          <Text variant="microcopy">{formatSigned(health.change)} since last computed</Text>
        ) : null}
      </Flex>
      <DescriptionList direction="row">
        {top.map((c) => (
          <DescriptionListItem key={c.component} label={c.label}>
            <Text>{formatContribution(c)}</Text>
          </DescriptionListItem>
        ))}
      </DescriptionList>
      {rest.length > 0 ? <Text variant="microcopy">{formatOtherComponents(rest)}</Text> : null}
      {health.missing.length > 0 ? (
        <Text variant="microcopy">
          Not scored, no data: {(health.missingLabels ?? health.missing).join(', ')}
        </Text>
      ) : null}
    </Flex>
  );
}

function ChurnSection({ churn }: { churn: AccountSummaryView['churn'] }) {
  if (churn === null) return null;
  const drivers = topDrivers(churn.drivers);
  return (
    <Flex direction="column" gap="extra-small">
      <Heading>
        Churn risk {formatProbability(churn.probability)} in the next {churn.horizonDays} days
      </Heading>
      {churn.source === 'prior' ? (
        <Alert title="Estimated from the health score" variant="info">
          {churn.reason ?? 'Too little churn history to train a model for this portal yet.'}
        </Alert>
      ) : churn.validation ? (
        <Text variant="microcopy">{formatModelValidation(churn.validation)}</Text>
      ) : null}
      {drivers.map((d) => (
        <Text key={d.feature}>{d.text}</Text>
      ))}
    </Flex>
  );
}

function RolesSection({ roles }: { roles: AccountSummaryView['roles'] }) {
  if (roles.length === 0) return null;
  return (
    <Flex direction="column" gap="extra-small">
      <Heading>By role</Heading>
      <Table bordered={false} density="condensed" testId="roles">
        <TableHead>
          <TableRow>
            <TableHeader>Role</TableHeader>
            <TableHeader>Weight</TableHeader>
            <TableHeader>Respondents</TableHeader>
            <TableHeader>NPS</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {roles.map((r) => (
            <TableRow key={r.role}>
              <TableCell>{formatRole(r.role)}</TableCell>
              <TableCell>{r.weight}</TableCell>
              <TableCell>{r.respondents}</TableCell>
              <TableCell>
                {r.nps.status === 'ok'
                  ? `${formatKpi(r.nps)} (${formatKpiDetail(r.nps)})${r.nps.smallSample ? ', small sample' : ''}`
                  : formatInsufficient(r.nps)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

function ThemesSection({ themes }: { themes: NonNullable<AccountSummaryView['themes']> }) {
  const top = topThemes(themes);
  return (
    <Flex direction="column" gap="extra-small">
      <Heading>What they talk about</Heading>
      {top.length === 0 ? (
        <Text>No themes yet: they appear once this company's comments mention a topic.</Text>
      ) : (
        <Table bordered={false} density="condensed" testId="themes">
          <TableHead>
            <TableRow>
              <TableHeader>Theme</TableHeader>
              <TableHeader>Mentions</TableHeader>
              <TableHeader>Sentiment</TableHeader>
              <TableHeader>Example</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {top.map((t) => (
              <TableRow key={t.theme}>
                <TableCell>{t.label}</TableCell>
                <TableCell>{t.count}</TableCell>
                <TableCell>{formatSentimentSplit(t.sentiment)}</TableCell>
                <TableCell>
                  {/* One string child, so React escapes the customer's words as text. */}
                  <Text format={{ italic: true }}>
                    {t.examples[0] ? shortQuote(t.examples[0].text) : '—'}
                  </Text>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}

function VerbatimsSection({ verbatims }: { verbatims: AccountSummaryView['verbatims'] }) {
  const latest = latestVerbatims(verbatims);
  return (
    <Flex direction="column" gap="extra-small">
      <Heading>Latest comments</Heading>
      {latest.length === 0 ? <Text>No comments yet.</Text> : null}
      {latest.map((v) => (
        <Flex key={v.responseId} direction="column" gap="flush">
          {/* Customer text stays a plain string child: React escapes it. */}
          <Text>{v.text}</Text>
          <Text variant="microcopy">
            {formatDate(v.answeredAt)}
            {v.role ? ` · ${formatRole(v.role)}` : ''}
            {v.score !== null ? ` · score ${v.score}` : ''}
            {v.sentiment !== null ? ` · ${sentimentLabel(v.sentiment)}` : ''}
            {v.themes.length > 0 ? ` · ${v.themes.join(', ')}` : ''}
          </Text>
        </Flex>
      ))}
    </Flex>
  );
}
