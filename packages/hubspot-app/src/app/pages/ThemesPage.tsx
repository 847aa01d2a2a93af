import { BarChart, EmptyState, Flex, Heading, TableCell, TableRow, Text } from '@hubspot/ui-extensions';
import { formatFigure } from './format.ts';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

/** Themes: what customers talk about, labelled with the tenant's dictionary, with tone and a quote. */
export function ThemesPage() {
  const { state, reload } = useAnalytics('themes', 'months=12&language=en');
  if (state.status !== 'ready') return <ViewStatus state={state} reload={reload} what="the themes" />;
  const v = state.view;
  if (v.themes.length === 0)
    return (
      <EmptyState title="No analysed comment yet" imageName="customerExperience" layout="vertical">
        <Text>Themes appear once customers write comments in their survey answers.</Text>
      </EmptyState>
    );
  return (
    <Flex direction="column" gap="medium">
      <Heading>What customers talk about, last {v.window.months} months</Heading>
      <BarChart
        data={v.themes.flatMap((t) =>
          (['negative', 'neutral', 'positive'] as const).map((tone) => ({
            theme: t.label,
            tone,
            mentions: t.sentiment[tone],
          })),
        )}
        axes={{
          x: { field: 'theme', fieldType: 'category', label: 'Theme' },
          y: { field: 'mentions', fieldType: 'linear', label: 'Mentions' },
          options: {
            groupFieldByColor: 'tone',
            stacking: true,
            colors: { negative: 'darkPink', neutral: 'blue', positive: 'green' },
          },
        }}
        options={{ title: 'Mentions by tone', showLegend: true }}
      />
      <DataTable testId="themes" headers={['Theme', 'Mentions', 'Accounts', 'Negative share', 'Example']}>
        {v.themes.map((t) => (
          <TableRow key={t.theme}>
            <TableCell>{t.label}</TableCell>
            <TableCell>{String(t.count)}</TableCell>
            <TableCell>{String(t.accounts)}</TableCell>
            <TableCell>{formatFigure(t.negativeShare)}</TableCell>
            <TableCell>
              <Text>{t.examples[0] ? `“${t.examples[0].text}”` : '—'}</Text>
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </Flex>
  );
}
