import { useState } from 'react';
import {
  BarChart,
  Button,
  EmptyState,
  Flex,
  Heading,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { useStoredActions } from './action-api.ts';
import type { StoredAction } from './action-form.ts';
import { ActionEditor } from './ActionEditor.tsx';
import type { RankedAction } from './analytics-view.ts';
import { formatAmount, formatSigned } from './format.ts';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

const QUADRANT: Record<RankedAction['quadrant'], [string, 'success' | 'warning' | 'default' | 'error']> = {
  'quick-win': ['Quick win', 'success'],
  structural: ['Structural project', 'warning'],
  'fill-in': ['Fill-in', 'default'],
  deprioritise: ['Deprioritise', 'error'],
};

/** Priorities: what pulls NPS down (key drivers), and the candidate actions ranked on the seed's matrix. */
export function PrioritiesPage() {
  const drivers = useAnalytics('drivers', 'months=12');
  const priorities = useAnalytics('priorities', 'months=12');
  const stored = useStoredActions();
  // The action being edited (`existing` undefined: a new one), or null when the editor is closed.
  const [editing, setEditing] = useState<{ existing?: StoredAction } | null>(null);
  if (drivers.state.status !== 'ready')
    return <ViewStatus state={drivers.state} reload={drivers.reload} what="the key drivers" />;
  const d = drivers.state.view;
  const measured = d.drivers.filter((x) => x.impact !== null);
  return (
    <Flex direction="column" gap="medium">
      <Heading>What pulls NPS down, last {d.window.months} months</Heading>
      <Text variant="microcopy">
        Accounts exposed to each driver against the others: the NPS gap with its 95% interval, and the points
        of portfolio NPS at stake. An association across {d.accounts} accounts, not a proof of cause.
      </Text>
      {measured.length === 0 ? (
        <EmptyState title="Not enough answers to compare" layout="vertical">
          <Text>Key drivers appear once exposed and other accounts have both answered the NPS survey.</Text>
        </EmptyState>
      ) : (
        <>
          <BarChart
            data={measured
              .slice(0, 10)
              .map((x) => ({ driver: x.label, points: Number(x.impact!.toFixed(1)) }))}
            axes={{
              x: { field: 'driver', fieldType: 'category', label: 'Driver' },
              y: { field: 'points', fieldType: 'linear', label: 'NPS points at stake' },
            }}
            options={{ title: 'NPS points at stake by driver' }}
          />
          <DataTable
            testId="drivers"
            headers={['Driver', 'NPS gap (95% interval)', 'Points at stake', 'Accounts (MRR)']}
          >
            {d.drivers.map((x) => (
              <TableRow key={x.id}>
                <TableCell>{x.label}</TableCell>
                <TableCell>
                  {x.gap === null
                    ? (x.reason ?? 'Not enough answers')
                    : `${formatSigned(x.gap, 1)} (${formatSigned(x.gapInterval!.lower, 1)} to ${formatSigned(x.gapInterval!.upper, 1)})${x.smallSample ? ' · small sample' : ''}`}
                </TableCell>
                <TableCell>{x.impact === null ? '—' : x.impact.toFixed(1)}</TableCell>
                <TableCell>{`${x.accounts}${x.mrrKnown > 0 ? ` (${formatAmount(x.mrr)})` : ''}`}</TableCell>
              </TableRow>
            ))}
          </DataTable>
        </>
      )}
      <Heading>Improvement actions, ranked</Heading>
      {editing ? (
        <ActionEditor
          {...(editing.existing ? { existing: editing.existing } : {})}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            stored.reload();
            priorities.reload();
          }}
        />
      ) : (
        <Button testId="add-action" onClick={() => setEditing({})}>
          Add an action
        </Button>
      )}
      {priorities.state.status !== 'ready' ? (
        <ViewStatus state={priorities.state} reload={priorities.reload} what="the priorities" />
      ) : priorities.state.view.ranked.length === 0 ? (
        <EmptyState title="No candidate action yet" layout="vertical">
          <Text>
            Add an action linked to a key driver, with its complexity and cost: cxkit ranks it by the NPS
            points at stake on its driver.
          </Text>
        </EmptyState>
      ) : (
        <DataTable testId="priorities" headers={['Rank', 'Action', 'Matrix', 'Why', 'Edit']}>
          {priorities.state.view.ranked.map((r) => (
            <TableRow key={r.actionId}>
              <TableCell>{String(r.rank)}</TableCell>
              <TableCell>
                <Text>{r.title}</Text>
              </TableCell>
              <TableCell>
                <Tag variant={QUADRANT[r.quadrant][1]}>{QUADRANT[r.quadrant][0]}</Tag>
              </TableCell>
              <TableCell>
                <Text>{r.explanation}</Text>
              </TableCell>
              <TableCell>
                {(() => {
                  const existing = stored.actions?.find((a) => a.id === r.actionId);
                  return existing ? (
                    <Button testId={`edit-${r.actionId}`} size="xs" onClick={() => setEditing({ existing })}>
                      Edit
                    </Button>
                  ) : (
                    '—'
                  );
                })()}
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </Flex>
  );
}
