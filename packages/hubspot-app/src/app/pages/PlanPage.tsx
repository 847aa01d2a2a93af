import { useState } from 'react';
import {
  Button,
  EmptyState,
  Flex,
  Heading,
  LineChart,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { useStoredActions } from './action-api.ts';
import type { StoredAction } from './action-form.ts';
import { ActionEditor } from './ActionEditor.tsx';
import type { PlannedAction } from './analytics-view.ts';
import { KPI_LABEL, formatFigure, formatSigned, formatValue, formatVerdict } from './format.ts';
import { DataTable } from './data-table.tsx';
import { ViewStatus } from './page-states.tsx';
import { useAnalytics } from './use-analytics.ts';

const scopeText = (a: PlannedAction) => {
  const s = a.plan.objective.scope;
  return s.type === 'portfolio'
    ? 'all accounts'
    : s.type === 'role'
      ? `role ${s.role}`
      : `${s.attribute} ${s.value}`;
};

function PlannedActionView({ a, onEdit }: { a: PlannedAction; onEdit?: (() => void) | undefined }) {
  const o = a.plan.objective;
  const label = KPI_LABEL[o.metric];
  const measured = a.checkpoints.filter((c) => c.figure?.value != null);
  return (
    <Flex direction="column" gap="small">
      <Heading>{a.title}</Heading>
      <Text>
        {`${label} of ${scopeText(a)} to ${formatValue(o.metric, o.target)} by ${o.deadline} (from ${o.start}); owner ${a.plan.owner.name ?? a.plan.owner.email}.`}
      </Text>
      <Flex direction="row" gap="small">
        {onEdit ? (
          <Button testId={`edit-plan-${a.actionId}`} size="xs" onClick={onEdit}>
            Edit
          </Button>
        ) : null}
        <Tag>{a.plan.status}</Tag>
        <Tag
          variant={
            a.latestVerdict === 'significantly-above'
              ? 'success'
              : a.latestVerdict === 'significantly-below'
                ? 'error'
                : 'default'
          }
        >
          {formatVerdict(a.latestVerdict)}
        </Tag>
      </Flex>
      <Text variant="microcopy">Baseline (3 months before the start): {formatFigure(a.baseline)}</Text>
      {measured.length > 1 ? (
        <LineChart
          data={measured.flatMap((c) => [
            { checkpoint: c.date, series: label, value: Number(c.figure!.value!.toFixed(2)) },
            { checkpoint: c.date, series: 'Target', value: o.target },
          ])}
          axes={{
            x: { field: 'checkpoint', fieldType: 'category', label: 'Checkpoint' },
            y: { field: 'value', fieldType: 'linear', label },
            options: { groupFieldByColor: 'series' },
          }}
          options={{ title: `${label} at each checkpoint`, showLegend: true }}
        />
      ) : null}
      <DataTable
        testId={`plan-${a.actionId}`}
        headers={['Checkpoint', `${label} over the period`, 'Against the target', 'Change from baseline']}
      >
        {a.checkpoints.map((c) => (
          <TableRow key={c.date}>
            <TableCell>{`${c.from} to ${c.date}`}</TableCell>
            <TableCell>{c.figure === null ? 'Not due yet' : formatFigure(c.figure)}</TableCell>
            <TableCell>{formatVerdict(c.verdict)}</TableCell>
            <TableCell>
              {c.changeFromBaseline === null ? '—' : formatSigned(c.changeFromBaseline, 1)}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </Flex>
  );
}

/** The action plan: each planned action's SMART objective, owner, status and progress at its checkpoints. */
export function PlanPage() {
  const { state, reload } = useAnalytics('plan');
  const stored = useStoredActions();
  const [editing, setEditing] = useState<StoredAction | null>(null);
  if (state.status !== 'ready') return <ViewStatus state={state} reload={reload} what="the action plan" />;
  if (editing)
    return (
      <ActionEditor
        existing={editing}
        onCancel={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          stored.reload();
          reload();
        }}
      />
    );
  if (state.view.actions.length === 0)
    return (
      <EmptyState title="No action in the plan yet" layout="vertical">
        <Text>
          Put a prioritised action in the plan from the Priorities page: edit it and give it an objective, an
          owner and checkpoints.
        </Text>
      </EmptyState>
    );
  return (
    <Flex direction="column" gap="large">
      {state.view.actions.map((a) => (
        <PlannedActionView
          key={a.actionId}
          a={a}
          onEdit={(() => {
            const existing = stored.actions?.find((x) => x.id === a.actionId);
            return existing ? () => setEditing(existing) : undefined;
          })()}
        />
      ))}
    </Flex>
  );
}
